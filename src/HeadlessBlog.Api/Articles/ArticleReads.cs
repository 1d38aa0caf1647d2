using HeadlessBlog.Api.Delivery;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Articles;

/// <summary>How the article reads are put together from <see cref="ArticleQueries"/>, and what they record as shown.</summary>
internal static class ArticleReads
{
    /// <summary>Readers see visible articles only; a key with <c>content:read</c> sees every article.</summary>
    public static DateTime? VisibleAtFor(HttpContext http, DateTime now) => http.User.CanRead() ? null : now;

    public static async Task<PagedResponse<ArticleSummary>> ListAsync(PageRequest paging, ArticleListQuery query, ContentRequest request)
    {
        var now = request.UtcNow();
        var countKey = string.Join('\u001f', "articles", query.Status, query.Tag, query.Q, query.PublishedFrom, query.PublishedTo);
        var page = ArticleListQueries.IsAnyTagPage(query)
            ? await AnyTagPageAsync(paging, query, request.Db, now, request.Derived, countKey, request.Aborted)
            : await ArticleListQueries.List(request.Db, query, now).ToPageAsync(paging, request.Aborted, request.Derived, countKey);
        return page with { Items = [.. page.Items.Select(a => a.WithEffectiveStatus(now))] };
    }

    /// <summary>A page of the articles with any of several tags (see <see cref="ArticleListQueries.AnyTagPageIds"/>).</summary>
    private static async Task<PagedResponse<ArticleSummary>> AnyTagPageAsync(
        PageRequest paging, ArticleListQuery query, BlogDbContext db, DateTime now, DerivedResults derived, string countKey,
        CancellationToken cancellationToken)
    {
        var total = await derived.GetOrComputeAsync(
            countKey, () => ArticleListQueries.AnyTagCount(db, query, now).CountAsync(cancellationToken), cancellationToken);
        var skip = paging.Skipped();
        if (skip >= total)
        {
            return paging.PageOf<ArticleSummary>([], total);
        }

        var ids = await ArticleListQueries.AnyTagPageIds(db, query, now, (int)skip, paging.PageLength()).ToArrayAsync(cancellationToken);
        return paging.PageOf<ArticleSummary>(await ArticleQueries.SummariesInOrderAsync(db, ids, now, cancellationToken), total);
    }

    /// <summary>The article as written, with every format and every related article (the editor's view).</summary>
    public static async Task<ArticleResponse> ProjectAsync(ContentRequest request, int id)
    {
        var article = await ArticleQueries.ById(request.Db, id, visibleAt: null).SingleAsync(request.Aborted);
        return article.WithEffectiveStatus(request.UtcNow()).WithSeo(request.Site).Select(formats: null);
    }

    /// <summary>
    /// Whole articles with their related articles (those visible at <paramref name="visibleAt"/>, if given) and the
    /// chosen body formats, in the order of <paramref name="articles"/>: three queries for any number of articles.
    /// </summary>
    public static async Task<List<ArticleResponse>> ManyAsync(
        BlogDbContext db, IQueryable<ArticleResponse> articles, DateTime? visibleAt, string? formats, DateTime now, SiteOptions site,
        CancellationToken cancellationToken)
    {
        var list = await articles.ToListAsync(cancellationToken);
        if (list.Count == 0)
        {
            return list;
        }

        var links = await ArticleQueries.LinksFrom(db, [.. list.Select(a => a.Id)]).ToListAsync(cancellationToken);
        var targets = links.Count == 0
            ? []
            : (await ArticleQueries.Summaries(db, [.. links.Select(l => l.Target).Distinct()], visibleAt).ToListAsync(cancellationToken))
                .ToDictionary(s => s.Id);
        var related = links.ToLookup(l => l.Source, l => l.Target);
        return
        [
            .. list.Select(a => (a with { Related = [.. related[a.Id].Where(targets.ContainsKey).Select(id => targets[id])] })
                .WithEffectiveStatus(now).WithSeo(site).Select(formats)),
        ];
    }

    /// <summary>
    /// An article read with every related article (<see cref="ArticleQueries.ById"/>, <see cref="ArticleQueries.BySlug"/>)
    /// with only those the requester may see now, in the chosen formats and fields.
    /// </summary>
    /// <remarks>Visibility of the related articles is checked here (<see cref="ArticleQueries.VisibleOnly"/>).</remarks>
    public static CacheableJson<ArticleResponse> Respond(ArticleResponse article, ArticleReadQuery query, ContentRequest request)
    {
        var now = request.UtcNow();
        var related = ArticleQueries.VisibleOnly(article.Related, VisibleAtFor(request.Http, now));
        article = (article with { Related = related }).WithEffectiveStatus(now).WithSeo(request.Site).Select(query.Formats);
        request.Shown
            .Articles([article.Id, .. related.Select(r => r.Id)])
            .TagsShown(article.Tags.Concat(related.SelectMany(r => r.Tags)).Select(t => t.Id));
        return new CacheableJson<ArticleResponse>(article, article.Version, FieldSelection.Of<ArticleResponse>(query.Fields));
    }

    public static async Task<CacheableJson<IReadOnlyList<ArticleSummary>>> SuggestAsync(
        int id, SuggestionsQuery query, ContentRequest request)
    {
        var now = request.UtcNow();
        var limit = SuggestionsQueryValidator.LimitOf(query);
        // The ranking reads every assignment of the article's tags (about 40 ms at 100,000 articles): it is kept until
        // the next write or publication epoch; the suggested articles themselves are read every time.
        var ranking = await request.Derived.GetOrComputeAsync(
            string.Join('\u001f', "suggestions", id, limit),
            () => ArticleQueries.SuggestionIds(request.Db, id, limit, now).ToArrayAsync(request.Aborted),
            request.Aborted);
        var suggestions = await ArticleQueries.SummariesInOrderAsync(request.Db, ranking, now, request.Aborted);
        request.Shown.ArticleLists();
        return new CacheableJson<IReadOnlyList<ArticleSummary>>(suggestions, fields: FieldSelection.Of<ArticleSummary>(query.Fields));
    }

    /// <summary>A message naming the ids that match no article, or null when all exist.</summary>
    public static async Task<string?> UnknownArticlesAsync(BlogDbContext db, IReadOnlyList<int> ids, CancellationToken cancellationToken)
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
}
