using System.Text.Json.Nodes;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Delivery;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Related;

/// <summary>The hand-picked "related articles" of an article, as an ordered list.</summary>
public static class RelatedEndpoints
{
    public static RouteGroupBuilder MapRelatedEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/articles/{id:int}/related").WithTags("Related articles")
            .CacheOutput(ContentCachePolicy.Name);

        group.MapGet("/", ListRelated).WithName(nameof(ListRelated)).AcceptsReadKey()
            .WithSummary("List a visible article's visible related articles in order")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/", ReplaceRelated).WithName(nameof(ReplaceRelated))
            .WithRequestExample(() => new JsonObject { ["articleIds"] = new JsonArray(2, 3) })
            .WithSummary("Replace the whole ordered list of related articles (If-Match: the article's current ETag)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithPreconditions()
            .RequiresWrite();
        group.MapPost("/", AddRelated).WithName(nameof(AddRelated))
            .WithRequestExample(() => new JsonObject { ["articleId"] = 2, ["reciprocal"] = true })
            .WithSummary("Add one related article, at a position or at the end, optionally linking back (If-Match: the article's current ETag)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithPreconditions()
            .RequiresWrite();
        group.MapDelete("/{relatedId:int}", RemoveRelated).WithName(nameof(RemoveRelated))
            .WithSummary("Remove one related article (If-Match: the article's current ETag)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithPreconditions()
            .RequiresWrite();

        return group;
    }

    public static async Task<Results<CacheableJson<IReadOnlyList<ArticleSummary>>, ProblemHttpResult>> ListRelated(
        int id, [AsParameters] ContentRequest request)
    {
        var now = request.UtcNow();
        // Editors (a key with content:read) see drafts and scheduled articles too.
        var visibleAt = ArticleReads.VisibleAtFor(request.Http, now);
        var source = ArticleQueries.WithId(request.Db, id);
        if (!await (visibleAt is null ? source : source.Where(Visibility.OfArticle(now))).AnyAsync(request.Aborted))
        {
            return ArticleNotFound(id);
        }

        var related = await ArticleQueries.RelatedAsync(request.Db, id, visibleAt, request.Aborted);
        request.Shown.Articles([id, .. related.Select(r => r.Id)]).TagsShown(related.SelectMany(r => r.Tags).Select(t => t.Id));
        return new CacheableJson<IReadOnlyList<ArticleSummary>>(related);
    }

    public static async Task<Results<Ok<IReadOnlyList<ArticleSummary>>, ValidationProblem, ProblemHttpResult>> ReplaceRelated(
        int id, RelatedListRequest body, [AsParameters] ContentRequest request)
    {
        var (db, http, cancellationToken) = (request.Db, request.Http, request.Aborted);
        var article = await ArticleQueries.WithLinks(db, id, id).FirstOrDefaultAsync(cancellationToken);
        if (article is null)
        {
            return ArticleNotFound(id);
        }

        if (Preconditions.Check(http, article.Version) is { } failed)
        {
            return failed;
        }

        if (body.ArticleIds.Contains(id))
        {
            return Problems.Invalid("articleIds", "An article cannot be related to itself.");
        }

        if (await ArticleReads.UnknownArticlesAsync(db, body.ArticleIds, cancellationToken) is { } unknown)
        {
            return Problems.Invalid("articleIds", unknown);
        }

        RelatedLinks.Replace(article, body.ArticleIds);
        Preconditions.Touch(db, article, request.UtcNow());
        if (await SaveAsync(db, article, http, cancellationToken) is { } stale)
        {
            return stale;
        }

        return TypedResults.Ok(await QueryAsync(db, id, request.UtcNow(), cancellationToken));
    }

    public static async Task<Results<Created<IReadOnlyList<ArticleSummary>>, ValidationProblem, ProblemHttpResult>> AddRelated(
        int id, AddRelatedRequest body, [AsParameters] ContentRequest request)
    {
        var (db, http, cancellationToken) = (request.Db, request.Http, request.Aborted);
        var articles = await ArticleQueries.WithLinks(db, id, body.ArticleId).ToListAsync(cancellationToken);
        var article = articles.FirstOrDefault(a => a.Id == id);
        if (article is null)
        {
            return ArticleNotFound(id);
        }

        if (Preconditions.Check(http, article.Version) is { } failed)
        {
            return failed;
        }

        if (body.ArticleId == id)
        {
            return Problems.Invalid("articleId", "An article cannot be related to itself.");
        }

        var target = articles.FirstOrDefault(a => a.Id == body.ArticleId);
        if (target is null)
        {
            return Problems.Invalid("articleId", $"No article has the id {body.ArticleId}.");
        }

        if (article.RelatedLinks.Any(l => l.TargetArticleId == body.ArticleId))
        {
            return Problems.Conflict($"Article {id} already links to article {body.ArticleId}.");
        }

        var links = article.RelatedLinks.OrderBy(l => l.Position).ToList();
        if (body.Position > links.Count)
        {
            return Problems.Invalid("position", $"'position' must be from 0 to {links.Count} (the number of related articles).");
        }

        if (links.Count >= Limits.MaxRelatedPerArticle)
        {
            return Problems.Invalid("articleId", $"An article has at most {Limits.MaxRelatedPerArticle} related articles.");
        }

        var now = request.UtcNow();
        var newLink = new ArticleLink { TargetArticleId = body.ArticleId };
        links.Insert(body.Position ?? links.Count, newLink);
        article.RelatedLinks.Add(newLink);
        RelatedLinks.Renumber(links);
        Preconditions.Touch(db, article, now);

        if (body.Reciprocal == true && target.RelatedLinks.All(l => l.TargetArticleId != id)
            && target.RelatedLinks.Count < Limits.MaxRelatedPerArticle)
        {
            var back = target.RelatedLinks.Count == 0 ? 0 : target.RelatedLinks.Max(l => l.Position) + 1;
            target.RelatedLinks.Add(new ArticleLink { TargetArticleId = id, Position = back });
            Preconditions.Touch(db, target, now);
        }

        if (await SaveAsync(db, article, http, cancellationToken) is { } stale)
        {
            return stale;
        }

        return TypedResults.Created($"/api/articles/{id}/related", await QueryAsync(db, id, request.UtcNow(), cancellationToken));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveRelated(
        int id, int relatedId, [AsParameters] ContentRequest request)
    {
        var (db, http, cancellationToken) = (request.Db, request.Http, request.Aborted);
        var article = await ArticleQueries.WithLinks(db, id, id).FirstOrDefaultAsync(cancellationToken);
        var link = article?.RelatedLinks.FirstOrDefault(l => l.TargetArticleId == relatedId);
        if (article is null || link is null)
        {
            return Problems.NotFound($"Article {id} has no link to article {relatedId}.");
        }

        if (Preconditions.Check(http, article.Version) is { } failed)
        {
            return failed;
        }

        article.RelatedLinks.Remove(link);
        RelatedLinks.Renumber(article.RelatedLinks.OrderBy(l => l.Position).ToList());
        Preconditions.Touch(db, article, request.UtcNow());
        if (await SaveAsync(db, article, http, cancellationToken) is { } stale)
        {
            return stale;
        }

        return TypedResults.NoContent();
    }

    /// <summary>Saves the link change; a 412 when the article changed since it was read here.</summary>
    private static async Task<ProblemHttpResult?> SaveAsync(BlogDbContext db, Article article, HttpContext http, CancellationToken cancellationToken)
    {
        var lostRace = await Preconditions.SaveAsync(db, article, article.Id, http, $"Article {article.Id} does not exist.", cancellationToken);
        if (lostRace is null)
        {
            http.Response.Headers.ETag = Preconditions.ETagOf(article.Version);
        }

        return lostRace;
    }

    private static ProblemHttpResult ArticleNotFound(int id) => Problems.NotFound($"Article {id} does not exist.");

    /// <summary>Every related article (the editor's view), with the status each has now.</summary>
    private static async Task<IReadOnlyList<ArticleSummary>> QueryAsync(
        BlogDbContext db, int id, DateTime now, CancellationToken cancellationToken) =>
        [.. (await ArticleQueries.RelatedAsync(db, id, visibleAt: null, cancellationToken)).Select(a => a.WithEffectiveStatus(now))];
}
