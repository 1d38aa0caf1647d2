using HeadlessBlog.Api.Infrastructure;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Data;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Articles;

/// <summary>The hand-picked "related articles" of an article, as an ordered list.</summary>
public static class RelatedEndpoints
{
    public static RouteGroupBuilder MapRelatedEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/articles/{id:int}/related").WithTags("Related articles")
            .CacheOutput(ContentCache.PolicyName);

        group.MapGet("/", ListRelated).WithName(nameof(ListRelated)).AcceptsReadKey()
            .WithSummary("List a visible article's visible related articles in order")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/", ReplaceRelated).WithName(nameof(ReplaceRelated))
            .WithSummary("Replace the whole ordered list of related articles (If-Match: the article's current ETag)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithPreconditions()
            .RequiresWrite();
        group.MapPost("/", AddRelated).WithName(nameof(AddRelated))
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
        int id, BlogDbContext db, TypeAdapterConfig mapping, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Editors (a key with content:read) see drafts and scheduled articles too.
        var visibleAt = ArticleEndpoints.VisibleAtFor(http, now);
        var source = ArticleQueries.WithId(db, id);
        if (!await (visibleAt is null ? source : source.Where(ArticleQueries.IsVisible(now))).AnyAsync(cancellationToken))
        {
            return ArticleNotFound(id);
        }

        var related = await ArticleQueries.RelatedAsync(db, id, visibleAt, mapping, cancellationToken);
        ContentCache.TagResponse(http, [
            ContentCache.Article(id),
            .. related.Select(r => ContentCache.Article(r.Id)),
            .. related.SelectMany(r => r.Tags).Select(t => ContentCache.Tag(t.Id)),
        ]);
        return new CacheableJson<IReadOnlyList<ArticleSummary>>(related);
    }

    public static async Task<Results<Ok<IReadOnlyList<ArticleSummary>>, ValidationProblem, ProblemHttpResult>> ReplaceRelated(
        int id, RelatedListRequest request, BlogDbContext db, TypeAdapterConfig mapping, TimeProvider clock, ContentCache cache,
        HttpContext http, CancellationToken cancellationToken)
    {
        var article = await ArticleQueries.WithLinks(db, id, id).FirstOrDefaultAsync(cancellationToken);
        if (article is null)
        {
            return ArticleNotFound(id);
        }

        if (Preconditions.Check(http, article.Version) is { } failed)
        {
            return failed;
        }

        if (request.ArticleIds.Contains(id))
        {
            return Problems.Invalid("articleIds", "An article cannot be related to itself.");
        }

        if (await ArticleEndpoints.UnknownArticlesAsync(db, request.ArticleIds, cancellationToken) is { } unknown)
        {
            return Problems.Invalid("articleIds", unknown);
        }

        RelatedLinks.Replace(article, request.ArticleIds);
        Preconditions.Touch(db, article, clock.GetUtcNow().UtcDateTime);
        if (await SaveAsync(db, article, http, cancellationToken) is { } stale)
        {
            return stale;
        }

        await cache.ArticleChangedAsync([id], cancellationToken);
        return TypedResults.Ok(await QueryAsync(db, id, clock.GetUtcNow().UtcDateTime, mapping, cancellationToken));
    }

    public static async Task<Results<Created<IReadOnlyList<ArticleSummary>>, ValidationProblem, ProblemHttpResult>> AddRelated(
        int id, AddRelatedRequest request, BlogDbContext db, TypeAdapterConfig mapping, TimeProvider clock, ContentCache cache,
        HttpContext http, CancellationToken cancellationToken)
    {
        var articles = await ArticleQueries.WithLinks(db, id, request.ArticleId).ToListAsync(cancellationToken);
        var article = articles.FirstOrDefault(a => a.Id == id);
        if (article is null)
        {
            return ArticleNotFound(id);
        }

        if (Preconditions.Check(http, article.Version) is { } failed)
        {
            return failed;
        }

        if (request.ArticleId == id)
        {
            return Problems.Invalid("articleId", "An article cannot be related to itself.");
        }

        var target = articles.FirstOrDefault(a => a.Id == request.ArticleId);
        if (target is null)
        {
            return Problems.Invalid("articleId", $"No article has the id {request.ArticleId}.");
        }

        if (article.RelatedLinks.Any(l => l.TargetArticleId == request.ArticleId))
        {
            return Problems.Conflict($"Article {id} already links to article {request.ArticleId}.");
        }

        var links = article.RelatedLinks.OrderBy(l => l.Position).ToList();
        if (request.Position > links.Count)
        {
            return Problems.Invalid("position", $"'position' must be from 0 to {links.Count} (the number of related articles).");
        }

        if (links.Count >= Limits.MaxRelatedPerArticle)
        {
            return Problems.Invalid("articleId", $"An article has at most {Limits.MaxRelatedPerArticle} related articles.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var newLink = new ArticleLink { TargetArticleId = request.ArticleId };
        links.Insert(request.Position ?? links.Count, newLink);
        article.RelatedLinks.Add(newLink);
        Renumber(links);
        Preconditions.Touch(db, article, now);

        if (request.Reciprocal == true && target.RelatedLinks.All(l => l.TargetArticleId != id)
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

        await cache.ArticleChangedAsync([id, request.ArticleId], cancellationToken);
        return TypedResults.Created($"/api/articles/{id}/related", await QueryAsync(db, id, clock.GetUtcNow().UtcDateTime, mapping, cancellationToken));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveRelated(
        int id, int relatedId, BlogDbContext db, TimeProvider clock, ContentCache cache, HttpContext http,
        CancellationToken cancellationToken)
    {
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
        Renumber(article.RelatedLinks.OrderBy(l => l.Position).ToList());
        Preconditions.Touch(db, article, clock.GetUtcNow().UtcDateTime);
        if (await SaveAsync(db, article, http, cancellationToken) is { } stale)
        {
            return stale;
        }

        await cache.ArticleChangedAsync([id], cancellationToken);
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

    private static void Renumber(List<ArticleLink> links)
    {
        for (var position = 0; position < links.Count; position++)
        {
            links[position].Position = position;
        }
    }

    private static ProblemHttpResult ArticleNotFound(int id) => Problems.NotFound($"Article {id} does not exist.");

    /// <summary>Every related article (the editor's view), with the status each has now.</summary>
    private static async Task<IReadOnlyList<ArticleSummary>> QueryAsync(
        BlogDbContext db, int id, DateTime now, TypeAdapterConfig mapping, CancellationToken cancellationToken) =>
        [.. (await ArticleQueries.RelatedAsync(db, id, visibleAt: null, mapping, cancellationToken)).Select(a => a.WithEffectiveStatus(now))];
}
