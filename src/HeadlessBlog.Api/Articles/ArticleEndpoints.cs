using HeadlessBlog.Api.Content;
using HeadlessBlog.Api.Infrastructure;
using HeadlessBlog.Api.Security;
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
        var group = routes.MapGroup("/api/articles").WithTags("Articles").CacheOutput(ContentCache.PolicyName);

        group.MapGet("/", ListArticles).WithName(nameof(ListArticles)).AcceptsReadKey()
            .WithSummary("List articles (summaries without bodies), newest first; drafts and scheduled ones need a key")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/{id:int}", GetArticle).WithName(nameof(GetArticle)).AcceptsReadKey()
            .WithSummary("Get an article by id (drafts and scheduled ones only with a key)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/slug/{slug}", GetArticleBySlug).WithName(nameof(GetArticleBySlug)).AcceptsReadKey()
            .WithSummary("Get an article by slug (an old slug answers 301 to the current one; drafts only with a key)")
            .Produces(StatusCodes.Status301MovedPermanently)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:int}/suggestions", GetSuggestions).WithName(nameof(GetSuggestions))
            .WithSummary("\"You may also like\": visible articles sharing the most tags with this one")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/slug/{slug}/suggestions", GetSuggestionsBySlug).WithName(nameof(GetSuggestionsBySlug))
            .WithSummary("\"You may also like\" for the visible article with this slug (an old slug answers 301)")
            .Produces(StatusCodes.Status301MovedPermanently)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", CreateArticle).WithName(nameof(CreateArticle))
            .WithSummary("Create an article")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequiresWrite();
        group.MapPut("/{id:int}", UpdateArticle).WithName(nameof(UpdateArticle))
            .WithSummary("Replace an article (If-Match: its current ETag)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .RequiresWrite();
        group.MapDelete("/{id:int}", DeleteArticle).WithName(nameof(DeleteArticle))
            .WithSummary("Delete an article with its tag assignments and every link from or to it (If-Match: its current ETag)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .RequiresWrite();

        return group;
    }

    public static async Task<Results<CacheableJson<PagedResponse<ArticleSummary>>, ChallengeHttpResult>> ListArticles(
        [AsParameters] ArticleListQuery query, BlogDbContext db, TypeAdapterConfig mapping, TimeProvider clock,
        HttpContext http, CancellationToken cancellationToken)
    {
        if (query.Status is not (null or ArticleStatuses.Published) && !http.User.CanRead())
        {
            // Drafts and scheduled articles are for editors: never reveal them without a key.
            return TypedResults.Challenge();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var countKey = string.Join('\u001f', "articles", query.Status, query.Tag, query.Q, query.PublishedFrom, query.PublishedTo);
        var derived = http.RequestServices.GetRequiredService<DerivedResults>();
        var page = ArticleQueries.IsAnyTagPage(query)
            ? await AnyTagPageAsync(query, db, now, mapping, derived, countKey, cancellationToken)
            : await ArticleQueries.List(db, query, now, mapping).ToPageAsync(query, cancellationToken, derived, countKey);
        ContentCache.TagResponse(http, [ContentCache.ArticleLists]);
        page = page with { Items = [.. page.Items.Select(a => a.WithEffectiveStatus(now))] };
        return new CacheableJson<PagedResponse<ArticleSummary>>(page, FieldSelection.ForItems(query.Fields));
    }

    public static async Task<Results<CacheableJson<ArticleResponse>, ProblemHttpResult>> GetArticle(
        int id, [AsParameters] ArticleReadQuery query, BlogDbContext db, TypeAdapterConfig mapping, TimeProvider clock,
        HttpContext http, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var article = await ArticleQueries.ById(db, id, VisibleAtFor(http, now), mapping).FirstOrDefaultAsync(cancellationToken);
        return article is null
            ? Problems.NotFound($"Article {id} does not exist.")
            : await RespondAsync(article, query, db, now, mapping, http, cancellationToken);
    }

    public static async Task<Results<CacheableJson<ArticleResponse>, RedirectHttpResult, ProblemHttpResult>> GetArticleBySlug(
        string slug, [AsParameters] ArticleReadQuery query, BlogDbContext db, TypeAdapterConfig mapping, TimeProvider clock,
        HttpContext http, CancellationToken cancellationToken)
    {
        // Checked before the lookup: SQL Server's = ignores trailing spaces, so "a-slug " would find "a-slug" there.
        if (!Slugs.IsValid(slug))
        {
            return Problems.NotFound($"No article has the slug '{slug}'.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var article = await ArticleQueries.BySlug(db, slug, VisibleAtFor(http, now), mapping).FirstOrDefaultAsync(cancellationToken);
        if (article is not null)
        {
            return await RespondAsync(article, query, db, now, mapping, http, cancellationToken);
        }

        var current = await ArticleQueries.RedirectTarget(db, slug, VisibleAtFor(http, now)).FirstOrDefaultAsync(cancellationToken);
        return current is null
            ? Problems.NotFound($"No article has the slug '{slug}'.")
            : HttpCacheHeaders.MovedTo(http.Request, "/api/articles/slug/", current);
    }

    public static async Task<Results<CacheableJson<IReadOnlyList<ArticleSummary>>, ProblemHttpResult>> GetSuggestions(
        int id, [AsParameters] SuggestionsQuery query, BlogDbContext db, TypeAdapterConfig mapping, TimeProvider clock,
        HttpContext http, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var visible = await ArticleQueries.WithId(db, id).Where(ArticleQueries.IsVisible(now)).AnyAsync(cancellationToken);
        return visible
            ? await SuggestAsync(id, query, db, now, mapping, http, cancellationToken)
            : Problems.NotFound($"Article {id} does not exist.");
    }

    public static async Task<Results<CacheableJson<IReadOnlyList<ArticleSummary>>, RedirectHttpResult, ProblemHttpResult>> GetSuggestionsBySlug(
        string slug, [AsParameters] SuggestionsQuery query, BlogDbContext db, TypeAdapterConfig mapping, TimeProvider clock,
        HttpContext http, CancellationToken cancellationToken)
    {
        if (!Slugs.IsValid(slug))
        {
            return Problems.NotFound($"No article has the slug '{slug}'.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var id = await ArticleQueries.WithSlug(db, slug).Where(ArticleQueries.IsVisible(now)).Select(a => (int?)a.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (id is { } found)
        {
            return await SuggestAsync(found, query, db, now, mapping, http, cancellationToken);
        }

        var current = await ArticleQueries.RedirectTarget(db, slug, now).FirstOrDefaultAsync(cancellationToken);
        return current is null
            ? Problems.NotFound($"No article has the slug '{slug}'.")
            : HttpCacheHeaders.MovedTo(http.Request, "/api/articles/slug/", current, "/suggestions");
    }

    public static async Task<Results<Created<ArticleResponse>, ValidationProblem, ProblemHttpResult>> CreateArticle(
        ArticleRequest request, BlogDbContext db, TypeAdapterConfig mapping, TimeProvider clock, ContentCache cache,
        HttpContext http, CancellationToken cancellationToken)
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
        ArticleContent.Render(article);
        await ArticleTags.ApplyAsync(db, article, request.Tags ?? [], now, cancellationToken);
        RelatedLinks.Replace(article, relatedIds);
        db.Articles.Add(article);
        // The slug now belongs to this article, even if another article had it before.
        await SlugRedirects.MoveArticleAsync(db, 0, null, article.Slug, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await cache.ArticleChangedAsync([article.Id], cancellationToken);

        var response = await ProjectAsync(db, article.Id, now, mapping, cancellationToken);
        http.Response.Headers.ETag = Preconditions.ETagOf(response.Version);
        return TypedResults.Created($"/api/articles/{article.Id}", response);
    }

    public static async Task<Results<Ok<ArticleResponse>, ValidationProblem, ProblemHttpResult>> UpdateArticle(
        int id, ArticleRequest request, BlogDbContext db, TypeAdapterConfig mapping, TimeProvider clock, ContentCache cache,
        HttpContext http, CancellationToken cancellationToken)
    {
        var article = await ArticleQueries.ForUpdate(db, id).FirstOrDefaultAsync(cancellationToken);
        if (article is null)
        {
            return Problems.NotFound($"Article {id} does not exist.");
        }

        if (Preconditions.Check(http, article.Version) is { } failed)
        {
            return failed;
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
        var oldSlug = article.Slug;
        var slug = request.Slug ?? article.Slug;
        request.Adapt(article, mapping);
        article.Slug = slug;
        article.PublishedAt = request.PublishedAt?.UtcDateTime
            ?? article.PublishedAt
            ?? (article.Status == ArticleStatus.Published ? now : null);
        Preconditions.Touch(db, article, now);
        ArticleContent.Render(article);
        await ArticleTags.ApplyAsync(db, article, request.Tags ?? [], now, cancellationToken);
        RelatedLinks.Replace(article, relatedIds);
        if (slug != oldSlug)
        {
            await SlugRedirects.MoveArticleAsync(db, id, oldSlug, slug, cancellationToken);
        }

        if (await Preconditions.SaveAsync(db, article, id, http, $"Article {id} does not exist.", cancellationToken) is { } lostRace)
        {
            return lostRace;
        }

        var linking = await ArticleQueries.LinkingIds(db, id).ToListAsync(cancellationToken);
        await cache.ArticleChangedAsync([id, .. linking], cancellationToken);

        var response = await ProjectAsync(db, id, now, mapping, cancellationToken);
        http.Response.Headers.ETag = Preconditions.ETagOf(response.Version);
        return TypedResults.Ok(response);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteArticle(
        int id, BlogDbContext db, ContentCache cache, HttpContext http, CancellationToken cancellationToken)
    {
        var version = await ArticleQueries.WithId(db, id).Select(a => a.Version).FirstOrDefaultAsync(cancellationToken);
        if (version is null)
        {
            return Problems.NotFound($"Article {id} does not exist.");
        }

        if (Preconditions.Check(http, version) is { } failed)
        {
            return failed;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        var deleted = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Write-lock the article row first (if it still has the version read): until the commit, another request
            // cannot add a link to it, whose foreign key would make the final DELETE fail (SQL Server, READ COMMITTED).
            var count = await ArticleQueries.WithVersion(db, id, version)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.UpdatedAt, a => a.UpdatedAt), cancellationToken);
            if (count == 0)
            {
                // Changed (or deleted) since the version was read: keep everything.
                await transaction.RollbackAsync(cancellationToken);
                return 0;
            }

            // Links pointing at the article have no cascade (one cascade path only on SQL Server): remove them first.
            await ArticleQueries.LinksTo(db, id).ExecuteDeleteAsync(cancellationToken);
            // Tag assignments, the article's own links and its old slugs cascade in the database.
            count = await ArticleQueries.WithId(db, id).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return count;
        });
        if (deleted == 0)
        {
            return await Preconditions.LostRaceAsync<Article>(db, id, http, $"Article {id} does not exist.", cancellationToken);
        }

        await cache.ArticleChangedAsync([id], cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>A page of the articles with any of several tags (see <see cref="ArticleQueries.AnyTagPageIds"/>).</summary>
    private static async Task<PagedResponse<ArticleSummary>> AnyTagPageAsync(
        ArticleListQuery query, BlogDbContext db, DateTime now, TypeAdapterConfig mapping, DerivedResults derived, string countKey,
        CancellationToken cancellationToken)
    {
        var total = await derived.GetOrComputeAsync(
            countKey, () => ArticleQueries.AnyTagCount(db, query, now).CountAsync(cancellationToken), cancellationToken);
        var skip = query.Skipped();
        if (skip >= total)
        {
            return query.PageOf<ArticleSummary>([], total);
        }

        var ids = await ArticleQueries.AnyTagPageIds(db, query, now, (int)skip, query.PageLength()).ToArrayAsync(cancellationToken);
        return query.PageOf<ArticleSummary>(await ArticleQueries.SummariesInOrderAsync(db, ids, now, mapping, cancellationToken), total);
    }

    /// <summary>Readers see visible articles only; a key with <c>content:read</c> sees every article.</summary>
    internal static DateTime? VisibleAtFor(HttpContext http, DateTime now) => http.User.CanRead() ? null : now;

    /// <summary>The article as written, with every format and every related article (the editor's view).</summary>
    internal static async Task<ArticleResponse> ProjectAsync(
        BlogDbContext db, int id, DateTime now, TypeAdapterConfig mapping, CancellationToken cancellationToken)
    {
        var article = await ArticleQueries.ById(db, id, visibleAt: null, mapping).SingleAsync(cancellationToken);
        var related = await ArticleQueries.RelatedAsync(db, id, visibleAt: null, mapping, cancellationToken);
        return (article with { Related = related }).WithEffectiveStatus(now).Select(formats: null);
    }

    private static async Task<CacheableJson<ArticleResponse>> RespondAsync(
        ArticleResponse article, ArticleReadQuery query, BlogDbContext db, DateTime now, TypeAdapterConfig mapping,
        HttpContext http, CancellationToken cancellationToken)
    {
        var related = await ArticleQueries.RelatedAsync(db, article.Id, VisibleAtFor(http, now), mapping, cancellationToken);
        article = (article with { Related = related }).WithEffectiveStatus(now).Select(query.Formats);
        ContentCache.TagResponse(http, [
            ContentCache.Article(article.Id),
            .. related.Select(r => ContentCache.Article(r.Id)),
            .. article.Tags.Concat(related.SelectMany(r => r.Tags)).Select(t => ContentCache.Tag(t.Id)),
        ]);
        return new CacheableJson<ArticleResponse>(article, FieldSelection.ForObject(query.Fields), article.Version);
    }

    private static async Task<CacheableJson<IReadOnlyList<ArticleSummary>>> SuggestAsync(
        int id, SuggestionsQuery query, BlogDbContext db, DateTime now, TypeAdapterConfig mapping,
        HttpContext http, CancellationToken cancellationToken)
    {
        var limit = SuggestionsQueryValidator.LimitOf(query);
        // The ranking reads every assignment of the article's tags (about 40 ms at 100,000 articles): it is kept until
        // the next write or publication epoch; the suggested articles themselves are read every time.
        var ranking = await http.RequestServices.GetRequiredService<DerivedResults>().GetOrComputeAsync(
            string.Join('\u001f', "suggestions", id, limit),
            () => ArticleQueries.SuggestionIds(db, id, limit, now).ToArrayAsync(cancellationToken),
            cancellationToken);
        var suggestions = await ArticleQueries.SummariesInOrderAsync(db, ranking, now, mapping, cancellationToken);
        ContentCache.TagResponse(http, [ContentCache.ArticleLists]);
        return new CacheableJson<IReadOnlyList<ArticleSummary>>(suggestions, FieldSelection.ForItems(query.Fields));
    }

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

/// <summary>Fills the fields derived from the body (HTML, text, counts, excerpt); called on every save.</summary>
public static class ArticleContent
{
    public static void Render(Article article)
    {
        var rendered = ArticleText.Render(article.Body);
        article.BodyHtml = rendered.Html;
        article.BodyPlainText = rendered.PlainText;
        article.WordCount = rendered.WordCount;
        article.ReadingTimeMinutes = rendered.ReadingTimeMinutes;
        article.Excerpt = ArticleText.Excerpt(article.Summary, rendered.PlainText);
    }
}

/// <summary>Old slugs keep working: each points at the article or tag that had it, and a slug taken again belongs to its new owner.</summary>
internal static class SlugRedirects
{
    /// <summary>Records that article <paramref name="articleId"/> moved from <paramref name="oldSlug"/> to <paramref name="newSlug"/> (saved with the article).</summary>
    public static async Task MoveArticleAsync(BlogDbContext db, int articleId, string? oldSlug, string newSlug, CancellationToken cancellationToken) =>
        Move(
            db.ArticleSlugRedirects,
            await ArticleQueries.RedirectsFrom(db, [newSlug, oldSlug ?? newSlug]).ToListAsync(cancellationToken),
            oldSlug,
            newSlug,
            redirect => redirect.ArticleId = articleId,
            slug => new ArticleSlugRedirect { Slug = slug, ArticleId = articleId });

    /// <summary>Records that tag <paramref name="tagId"/> moved from <paramref name="oldSlug"/> to <paramref name="newSlug"/> (saved with the tag).</summary>
    public static async Task MoveTagAsync(BlogDbContext db, int tagId, string? oldSlug, string newSlug, CancellationToken cancellationToken) =>
        Move(
            db.TagSlugRedirects,
            await TagQueries.RedirectsFrom(db, [newSlug, oldSlug ?? newSlug]).ToListAsync(cancellationToken),
            oldSlug,
            newSlug,
            redirect => redirect.TagId = tagId,
            slug => new TagSlugRedirect { Slug = slug, TagId = tagId });

    /// <summary>The new slug stops redirecting (it is taken now); the old one, if any, points at the owner.</summary>
    private static void Move<T>(
        DbSet<T> redirects, List<T> existing, string? oldSlug, string newSlug, Action<T> pointAtOwner, Func<string, T> create)
        where T : class, ISlugRedirect
    {
        redirects.RemoveRange(existing.Where(r => r.Slug == newSlug));
        if (oldSlug is null || oldSlug == newSlug)
        {
            return;
        }

        if (existing.FirstOrDefault(r => r.Slug == oldSlug) is { } redirect)
        {
            pointAtOwner(redirect);
        }
        else
        {
            redirects.Add(create(oldSlug));
        }
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
                // The slug now belongs to the new tag, even if another tag had it before.
                await SlugRedirects.MoveTagAsync(db, 0, null, slug, cancellationToken);
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
