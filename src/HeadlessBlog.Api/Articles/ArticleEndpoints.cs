using HeadlessBlog.Api.Infrastructure;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Data;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Articles;

public static class ArticleEndpoints
{
    public static RouteGroupBuilder MapArticleEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/articles").WithTags("Articles");

        group.MapGet("/", ListArticles).WithName(nameof(ListArticles))
            .WithSummary("List articles (summaries without bodies), newest first");
        group.MapGet("/{id:int}", GetArticle).WithName(nameof(GetArticle))
            .WithSummary("Get an article by id")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/slug/{slug}", GetArticleBySlug).WithName(nameof(GetArticleBySlug))
            .WithSummary("Get an article by slug")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", CreateArticle).WithName(nameof(CreateArticle))
            .WithSummary("Create an article")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{id:int}", UpdateArticle).WithName(nameof(UpdateArticle))
            .WithSummary("Replace an article")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{id:int}", DeleteArticle).WithName(nameof(DeleteArticle))
            .WithSummary("Delete an article with its tag assignments and every link from or to it")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    public static async Task<Ok<PagedResponse<ArticleSummary>>> ListArticles(
        [AsParameters] ArticleListQuery query, BlogDbContext db, TypeAdapterConfig mapping, CancellationToken cancellationToken)
    {
        var page = await ArticleQueries.List(db, query, mapping).ToPageAsync(query, cancellationToken);
        return TypedResults.Ok(page);
    }

    public static async Task<Results<Ok<ArticleResponse>, ProblemHttpResult>> GetArticle(
        int id, BlogDbContext db, TypeAdapterConfig mapping, CancellationToken cancellationToken)
    {
        var article = await ArticleQueries.ById(db, id, mapping).FirstOrDefaultAsync(cancellationToken);
        return article is null
            ? Problems.NotFound($"Article {id} does not exist.")
            : TypedResults.Ok(await WithRelatedAsync(db, article, mapping, cancellationToken));
    }

    public static async Task<Results<Ok<ArticleResponse>, ProblemHttpResult>> GetArticleBySlug(
        string slug, BlogDbContext db, TypeAdapterConfig mapping, CancellationToken cancellationToken)
    {
        var article = await ArticleQueries.BySlug(db, slug, mapping).FirstOrDefaultAsync(cancellationToken);
        return article is null
            ? Problems.NotFound($"No article has the slug '{slug}'.")
            : TypedResults.Ok(await WithRelatedAsync(db, article, mapping, cancellationToken));
    }

    public static async Task<Results<Created<ArticleResponse>, ValidationProblem, ProblemHttpResult>> CreateArticle(
        ArticleRequest request, BlogDbContext db, TypeAdapterConfig mapping, TimeProvider clock, CancellationToken cancellationToken)
    {
        var relatedIds = request.RelatedArticleIds ?? [];
        if (await UnknownArticlesAsync(db, relatedIds, cancellationToken) is { } unknown)
        {
            return Problems.Invalid("relatedArticleIds", unknown);
        }

        var article = request.Adapt<Article>(mapping);
        if (request.Slug is not null)
        {
            if (await ArticleQueries.WithSlug(db, request.Slug).AnyAsync(cancellationToken))
            {
                return Problems.Conflict($"The slug '{request.Slug}' is already used by another article.");
            }

            article.Slug = request.Slug;
        }
        else
        {
            article.Slug = await FreeSlugAsync(db, article.Title, cancellationToken);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        article.PublishedAt = request.PublishedAt?.UtcDateTime
            ?? (article.Status == ArticleStatus.Published ? now : null);
        article.CreatedAt = article.UpdatedAt = now;
        await ArticleTags.ApplyAsync(db, article, request.Tags ?? [], now, cancellationToken);
        RelatedLinks.Replace(article, relatedIds);
        db.Articles.Add(article);
        await db.SaveChangesAsync(cancellationToken);

        var response = await ProjectAsync(db, article.Id, mapping, cancellationToken);
        return TypedResults.Created($"/api/articles/{article.Id}", response);
    }

    public static async Task<Results<Ok<ArticleResponse>, ValidationProblem, ProblemHttpResult>> UpdateArticle(
        int id, ArticleRequest request, BlogDbContext db, TypeAdapterConfig mapping, TimeProvider clock, CancellationToken cancellationToken)
    {
        var article = await ArticleQueries.ForUpdate(db, id).FirstOrDefaultAsync(cancellationToken);
        if (article is null)
        {
            return Problems.NotFound($"Article {id} does not exist.");
        }

        var relatedIds = request.RelatedArticleIds ?? [];
        if (relatedIds.Contains(id))
        {
            return Problems.Invalid("relatedArticleIds", "An article cannot be related to itself.");
        }

        if (await UnknownArticlesAsync(db, relatedIds, cancellationToken) is { } unknown)
        {
            return Problems.Invalid("relatedArticleIds", unknown);
        }

        if (request.Slug is not null && request.Slug != article.Slug
            && await ArticleQueries.WithSlug(db, request.Slug).AnyAsync(cancellationToken))
        {
            return Problems.Conflict($"The slug '{request.Slug}' is already used by another article.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var slug = request.Slug ?? article.Slug;
        request.Adapt(article, mapping);
        article.Slug = slug;
        article.PublishedAt = request.PublishedAt?.UtcDateTime
            ?? article.PublishedAt
            ?? (article.Status == ArticleStatus.Published ? now : null);
        article.UpdatedAt = now;
        await ArticleTags.ApplyAsync(db, article, request.Tags ?? [], now, cancellationToken);
        RelatedLinks.Replace(article, relatedIds);
        await db.SaveChangesAsync(cancellationToken);

        return TypedResults.Ok(await ProjectAsync(db, id, mapping, cancellationToken));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteArticle(
        int id, BlogDbContext db, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        var deleted = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Links pointing at the article have no cascade (one cascade path only on SQL Server): remove them first.
            await ArticleQueries.LinksTo(db, id).ExecuteDeleteAsync(cancellationToken);
            // Tag assignments and the article's own links cascade in the database.
            var count = await ArticleQueries.WithId(db, id).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return count;
        });
        return deleted == 0 ? Problems.NotFound($"Article {id} does not exist.") : TypedResults.NoContent();
    }

    internal static async Task<ArticleResponse> ProjectAsync(BlogDbContext db, int id, TypeAdapterConfig mapping, CancellationToken cancellationToken) =>
        await WithRelatedAsync(db, await ArticleQueries.ById(db, id, mapping).SingleAsync(cancellationToken), mapping, cancellationToken);

    private static async Task<ArticleResponse> WithRelatedAsync(
        BlogDbContext db, ArticleResponse article, TypeAdapterConfig mapping, CancellationToken cancellationToken) =>
        article with { Related = await ArticleQueries.Related(db, article.Id, mapping).ToListAsync(cancellationToken) };

    /// <summary>A message naming the ids that match no article, or null when all exist.</summary>
    internal static async Task<string?> UnknownArticlesAsync(BlogDbContext db, IReadOnlyList<int> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return null;
        }

        var wanted = ids.Distinct().ToArray();
        var found = await ArticleQueries.ExistingIds(db, wanted).ToListAsync(cancellationToken);
        var missing = wanted.Except(found).ToArray();
        return missing.Length == 0
            ? null
            : $"No article has the id{(missing.Length > 1 ? "s" : "")} {string.Join(", ", missing)}.";
    }

    private static async Task<string> FreeSlugAsync(BlogDbContext db, string title, CancellationToken cancellationToken)
    {
        var baseSlug = Slugs.From(title, fallback: "article");
        var taken = await ArticleQueries.SlugsLike(db, baseSlug).ToListAsync(cancellationToken);
        return Slugs.FirstFree(baseSlug, taken.ToHashSet(StringComparer.Ordinal));
    }
}

/// <summary>Keeps an article's ordered tag assignments in step with a list of tag names.</summary>
internal static class ArticleTags
{
    public static async Task ApplyAsync(
        BlogDbContext db, Article article, IReadOnlyList<string> names, DateTime now, CancellationToken cancellationToken)
    {
        var wanted = names.Select(n => n.Trim()).DistinctBy(n => n.ToUpperInvariant()).ToList();
        var normalized = wanted.Select(n => n.ToUpperInvariant()).ToArray();
        var lowered = wanted.Select(n => n.ToLowerInvariant()).ToArray();
        var known = wanted.Count == 0
            ? []
            : await TagQueries.Matching(db, normalized, lowered).ToListAsync(cancellationToken);

        var tags = new List<Tag>(wanted.Count);
        var newSlugs = new List<string>();
        foreach (var name in wanted)
        {
            var upper = name.ToUpperInvariant();
            var lower = name.ToLowerInvariant();
            var tag = known.FirstOrDefault(t => t.NormalizedName == upper) ?? known.FirstOrDefault(t => t.Slug == lower);
            if (tag is null)
            {
                var slug = await TagEndpoints.FreeSlugAsync(db, name, newSlugs, cancellationToken);
                newSlugs.Add(slug);
                tag = new Tag { Name = name, NormalizedName = upper, Slug = slug, CreatedAt = now, UpdatedAt = now };
                db.Tags.Add(tag);
                known.Add(tag);
            }

            if (!tags.Contains(tag))
            {
                tags.Add(tag);
            }
        }

        article.Tags.RemoveAll(at => !tags.Any(t => t.Id != 0 && t.Id == at.TagId));
        for (var position = 0; position < tags.Count; position++)
        {
            var tag = tags[position];
            var assignment = article.Tags.FirstOrDefault(at => tag.Id != 0 && at.TagId == tag.Id);
            if (assignment is null)
            {
                article.Tags.Add(new ArticleTag { Tag = tag, Position = position });
            }
            else
            {
                assignment.Position = position;
            }
        }
    }
}

/// <summary>Keeps an article's ordered related-article links in step with a list of ids.</summary>
internal static class RelatedLinks
{
    public static void Replace(Article article, IReadOnlyList<int> targetIds)
    {
        article.RelatedLinks.RemoveAll(l => !targetIds.Contains(l.TargetArticleId));
        for (var position = 0; position < targetIds.Count; position++)
        {
            var targetId = targetIds[position];
            var link = article.RelatedLinks.FirstOrDefault(l => l.TargetArticleId == targetId);
            if (link is null)
            {
                article.RelatedLinks.Add(new ArticleLink { TargetArticleId = targetId, Position = position });
            }
            else
            {
                link.Position = position;
            }
        }
    }
}
