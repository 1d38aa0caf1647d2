using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Changes;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Security;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Revisions;

/// <summary>An article's revisions: every write's snapshot, diffs between two of them, and restoring one.</summary>
public static class RevisionEndpoints
{
    public static RouteGroupBuilder MapRevisionEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/articles/{id:int}/revisions").WithTags("Revisions");
        group.MapGet("/", ListRevisions).WithName(nameof(ListRevisions))
            .WithSummary("List an article's revisions, newest first, without bodies (a key with content:read)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequiresRead();
        group.MapGet("/{number:int}", GetRevision).WithName(nameof(GetRevision))
            .WithSummary("Get one revision: the article's every editable field as that write left it (a key with content:read)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequiresRead();
        group.MapGet("/{number:int}/diff", DiffRevision).WithName(nameof(DiffRevision))
            .WithSummary("What changed from another revision (default: the one before) to this one: fields, tags, related, and the body as unified-diff hunks")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequiresRead();
        group.MapPost("/{number:int}/restore", RestoreRevision).WithName(nameof(RestoreRevision))
            .WithSummary("Make the revision's content the article's current one, as a new version and revision (If-Match: the article's current ETag)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithPreconditions()
            .RequiresWrite();
        return group;
    }

    public static async Task<Results<Ok<PagedResponse<RevisionSummary>>, ProblemHttpResult>> ListRevisions(
        int id, [AsParameters] PageRequest page, [AsParameters] ContentRequest request)
    {
        if (!await ArticleQueries.WithId(request.Db, id).AnyAsync(request.Aborted))
        {
            return ArticleNotFound(id);
        }

        var rows = await RevisionQueries.Summaries(request.Db, id).ToPageAsync(page, request.Aborted);
        return TypedResults.Ok(new PagedResponse<RevisionSummary>(
            [.. rows.Items.Select(RevisionQueries.ToSummary)], rows.Page, rows.PageSize, rows.TotalItems, rows.TotalPages));
    }

    public static async Task<Results<Ok<RevisionResponse>, ProblemHttpResult>> GetRevision(
        int id, int number, [AsParameters] ContentRequest request)
    {
        if (!await ArticleQueries.WithId(request.Db, id).AnyAsync(request.Aborted))
        {
            return ArticleNotFound(id);
        }

        var revision = await RevisionQueries.FindAsync(request.Db, id, number, request.Aborted);
        return revision is null ? RevisionNotFound(id, number) : TypedResults.Ok(revision);
    }

    public static async Task<Results<Ok<RevisionDiff>, ValidationProblem, ProblemHttpResult>> DiffRevision(
        int id, int number, [AsParameters] DiffQuery query, [AsParameters] ContentRequest request)
    {
        if (query.Against == number)
        {
            return Problems.Invalid("against", "'against' must name another revision than the one compared.");
        }

        if (!await ArticleQueries.WithId(request.Db, id).AnyAsync(request.Aborted))
        {
            return ArticleNotFound(id);
        }

        var to = await RevisionQueries.FindAsync(request.Db, id, number, request.Aborted);
        if (to is null)
        {
            return RevisionNotFound(id, number);
        }

        var againstNumber = query.Against ?? await RevisionQueries.Before(request.Db, id, number).FirstOrDefaultAsync(request.Aborted);
        if (againstNumber is null)
        {
            // The first revision (of those kept) is compared with nothing: an empty article.
            return TypedResults.Ok(RevisionDiffs.Between(RevisionQueries.Empty(to), to) with { From = 0 });
        }

        var from = await RevisionQueries.FindAsync(request.Db, id, againstNumber.Value, request.Aborted);
        return from is null ? RevisionNotFound(id, againstNumber.Value) : TypedResults.Ok(RevisionDiffs.Between(from, to));
    }

    public static async Task<Results<Ok<RestoredArticle>, ValidationProblem, ProblemHttpResult>> RestoreRevision(
        int id, int number, TypeAdapterConfig mapping, [AsParameters] ContentRequest request)
    {
        var (db, http, cancellationToken) = (request.Db, request.Http, request.Aborted);
        var article = await ArticleQueries.ForUpdate(db, id).FirstOrDefaultAsync(cancellationToken);
        if (article is null)
        {
            return await TrashRetention.InTrash(db).AnyAsync(a => a.Id == id, cancellationToken)
                ? Problems.Conflict($"Article {id} is in the trash: restore it from the trash first.")
                : ArticleNotFound(id);
        }

        if (Preconditions.Check(http, article.Version) is { } failed)
        {
            return failed;
        }

        var revision = await RevisionQueries.FindAsync(db, id, number, cancellationToken);
        if (revision is null)
        {
            return RevisionNotFound(id, number);
        }

        // Related articles deleted since are dropped and named; tags deleted since are created again by name.
        var existing = await ArticleQueries.ExistingIds(db, [.. revision.RelatedArticleIds]).ToListAsync(cancellationToken);
        var related = revision.RelatedArticleIds.Where(existing.Contains).ToList();
        var warnings = revision.RelatedArticleIds.Except(related)
            .Select(gone => $"Related article {gone} no longer exists and was left out.").ToList();
        var content = new ArticleRequest(
            revision.Title, revision.Slug, revision.Summary, revision.Body, revision.FeatureImageUrl, revision.Status,
            revision.PublishedAt, revision.Tags, related, revision.FeatureImageAlt, revision.FeatureImageCaption, revision.MetaTitle,
            revision.MetaDescription, revision.CanonicalUrl, revision.OgImageUrl, revision.OgTitle, revision.OgDescription,
            revision.TwitterImageUrl, revision.TwitterTitle, revision.TwitterDescription);
        switch (await ArticleEditor.ApplyAsync(article, content, request, mapping))
        {
            case ValidationProblem invalid: return invalid;
            case ProblemHttpResult refused: return refused;
        }

        // Exactly the snapshot's publication time, even none where the article has one now.
        article.PublishedAt = revision.PublishedAt;
        RevisionInsert.NoteRestore(db, id, number);
        try
        {
            if (await Preconditions.SaveAsync(db, article, id, http, $"Article {id} does not exist.", cancellationToken) is { } lostRace)
            {
                return lostRace;
            }
        }
        finally
        {
            RevisionInsert.Forget(db);
        }

        var response = await ArticleReads.ProjectAsync(request, id);
        http.Response.Headers.ETag = Preconditions.ETagOf(response.Version);
        return TypedResults.Ok(new RestoredArticle(response, warnings));
    }

    private static ProblemHttpResult ArticleNotFound(int id) => Problems.NotFound($"Article {id} does not exist.");

    private static ProblemHttpResult RevisionNotFound(int id, int number) =>
        Problems.NotFound($"Article {id} has no revision {number}.");
}
