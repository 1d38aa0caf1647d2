using System.Linq.Expressions;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Data;

namespace HeadlessBlog.Api.Articles;

/// <summary>The queries of the article list: filters, sorts, and the tag pages read from the tag assignments.</summary>
public static class ArticleListQueries
{
    public static IQueryable<ArticleSummary> List(BlogDbContext db, ArticleListQuery query, DateTime now)
    {
        var tagSlugs = QueryValues.SplitList(query.Tag);
        if (tagSlugs.Length == 1 && query.Status is null or ArticleStatuses.Published
            && query.Sort is null or "-publishedAt" or "publishedAt")
        {
            return TagPage(db, tagSlugs[0], query, now).Select(ArticleMapping.ToSummary);
        }

        var articles = query.Status switch
        {
            ArticleStatuses.Draft => db.Articles.Where(a => a.Status == ArticleStatus.Draft),
            ArticleStatuses.Scheduled => db.Articles.Where(Visibility.ScheduledArticle(now)),
            ArticleStatuses.All => db.Articles,
            _ => db.Articles.Where(Visibility.OfArticle(now)),
        };

        if (tagSlugs.Length > 0)
        {
            // "Id IN (articles of these tags)": SQLite then starts from the tags' articles, not from every article.
            var tagged = db.ArticleTags.Where(at => tagSlugs.Contains(at.Tag.Slug)).Select(at => at.ArticleId);
            articles = articles.Where(a => tagged.Contains(a.Id));
        }

        foreach (var word in SearchWords(query.Q))
        {
            articles = articles.Where(Matches(word));
        }

        if (QueryValues.ParseDate(query.PublishedFrom) is { } from)
        {
            articles = articles.Where(a => a.PublishedAt >= from);
        }

        // The last day of the calendar has no next day: nothing is later.
        if (QueryValues.ParseDate(query.PublishedTo) is { } to && to < DateTime.MaxValue.Date)
        {
            var end = to.AddDays(1);
            articles = articles.Where(a => a.PublishedAt < end);
        }

        var ordered = (query.Sort, query.Status) switch
        {
            ("publishedAt", _) => articles.OrderBy(a => a.PublishedAt).ThenBy(a => a.Id),
            // Case-insensitive in every alphabet and on every provider, like the tag list.
            ("title", _) => articles.OrderBy(a => a.NormalizedTitle).ThenBy(a => a.Id),
            ("-title", _) => articles.OrderByDescending(a => a.NormalizedTitle).ThenByDescending(a => a.Id),
            ("updatedAt", _) => articles.OrderBy(a => a.UpdatedAt).ThenBy(a => a.Id),
            ("-updatedAt", _) => articles.OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id),
            // Default: newest first; drafts (never published) by their last change.
            (_, ArticleStatuses.Draft) => articles.OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id),
            (_, ArticleStatuses.All) => articles.OrderByDescending(a => a.PublishedAt ?? a.UpdatedAt).ThenByDescending(a => a.Id),
            _ => articles.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id),
        };

        return ordered.Select(ArticleMapping.ToSummary);
    }

    /// <summary>
    /// A reader's page of the articles with any of several tags, by publication time, without search words: served by
    /// <see cref="AnyTagPageIds"/> and <see cref="AnyTagCount"/> rather than <see cref="List"/>.
    /// </summary>
    public static bool IsAnyTagPage(ArticleListQuery query) =>
        QueryValues.SplitList(query.Tag).Distinct(StringComparer.Ordinal).Count() > 1
        && query.Status is null or ArticleStatuses.Published
        && query.Sort is null or "-publishedAt" or "publishedAt"
        && SearchWords(query.Q).Length == 0;

    /// <summary>
    /// The ids of one page of articles with any of the query's tags, in publication order. Each tag's assignments are
    /// read in that order from the index, as many as the page needs (<paramref name="skip"/> + <paramref name="take"/>):
    /// the page is among those, so no tag is read further, whatever its size.
    /// </summary>
    public static IQueryable<int> AnyTagPageIds(BlogDbContext db, ArticleListQuery query, DateTime now, int skip, int take)
    {
        var enough = (int)Math.Min(int.MaxValue, (long)skip + take);
        var firstOfTag = (string slug) => InPublicationOrder(VisibleInTag(db, slug, query, now), query)
            .Select(at => new { at.ArticleId, at.ArticlePublishedAt }).Take(enough);

        var slugs = QueryValues.SplitList(query.Tag).Distinct(StringComparer.Ordinal).ToArray();
        if (slugs.Length == 0)
        {
            return db.ArticleTags.Where(_ => false).Select(at => at.ArticleId);
        }

        var candidates = firstOfTag(slugs[0]);
        foreach (var slug in slugs.Skip(1))
        {
            candidates = candidates.Concat(firstOfTag(slug));
        }

        // An article with two of the tags comes twice, with the same publication time.
        var distinct = candidates.Distinct();
        var page = query.Sort == "publishedAt"
            ? distinct.OrderBy(c => c.ArticlePublishedAt).ThenBy(c => c.ArticleId)
            : distinct.OrderByDescending(c => c.ArticlePublishedAt).ThenByDescending(c => c.ArticleId);
        return page.Skip(skip).Take(take).Select(c => c.ArticleId);
    }

    /// <summary>How many visible articles have any of the query's tags (see <see cref="IsAnyTagPage"/>).</summary>
    public static IQueryable<int> AnyTagCount(BlogDbContext db, ArticleListQuery query, DateTime now)
    {
        var slugs = QueryValues.SplitList(query.Tag);
        return Dated(db.ArticleTags.Where(at => slugs.Contains(at.Tag.Slug)).Where(Visibility.OfAssignment(now)), query)
            .Select(at => at.ArticleId)
            .Distinct();
    }

    /// <summary>
    /// Articles with the search word in their title, summary or a tag name; upper-invariant copies make it
    /// case-insensitive in every alphabet, on every provider (every word of a search must match).
    /// </summary>
    private static Expression<Func<Article, bool>> Matches(string word)
    {
        var upper = word.ToUpperInvariant();
        return a => a.NormalizedTitle.Contains(upper)
            || a.NormalizedSummary.Contains(upper)
            || a.Tags.Any(t => t.Tag.NormalizedName.Contains(upper));
    }

    /// <summary>
    /// The visible articles of one tag by publication time (a reader's tag page, perhaps searched), read in order from
    /// the tag's assignments, which carry the article's status and publication time: an index range, whatever the tag's size.
    /// </summary>
    private static IQueryable<Article> TagPage(BlogDbContext db, string tagSlug, ArticleListQuery query, DateTime now)
    {
        var rows = VisibleInTag(db, tagSlug, query, now);

        // Search within the tag: each article is tested as the tag's index is read in order, until a page is found.
        foreach (var word in SearchWords(query.Q))
        {
            var matching = db.Articles.Where(Matches(word));
            rows = rows.Where(at => matching.Any(a => a.Id == at.ArticleId));
        }

        return InPublicationOrder(rows, query).Select(at => at.Article);
    }

    /// <summary>Tag assignments newest first, or oldest first for <c>sort=publishedAt</c> (ties by article id).</summary>
    private static IOrderedQueryable<ArticleTag> InPublicationOrder(IQueryable<ArticleTag> rows, ArticleListQuery query) =>
        query.Sort == "publishedAt"
            ? rows.OrderBy(at => at.ArticlePublishedAt).ThenBy(at => at.ArticleId)
            : rows.OrderByDescending(at => at.ArticlePublishedAt).ThenByDescending(at => at.ArticleId);

    /// <summary>The assignments of one tag to articles visible at <paramref name="now"/>, within the query's dates.</summary>
    private static IQueryable<ArticleTag> VisibleInTag(BlogDbContext db, string tagSlug, ArticleListQuery query, DateTime now) =>
        Dated(db.ArticleTags.Where(at => at.Tag.Slug == tagSlug).Where(Visibility.OfAssignment(now)), query);

    private static IQueryable<ArticleTag> Dated(IQueryable<ArticleTag> rows, ArticleListQuery query)
    {
        if (QueryValues.ParseDate(query.PublishedFrom) is { } from)
        {
            rows = rows.Where(at => at.ArticlePublishedAt >= from);
        }

        if (QueryValues.ParseDate(query.PublishedTo) is { } to && to < DateTime.MaxValue.Date)
        {
            var end = to.AddDays(1);
            rows = rows.Where(at => at.ArticlePublishedAt < end);
        }

        return rows;
    }

    public static string[] SearchWords(string? q) =>
        string.IsNullOrWhiteSpace(q)
            ? []
            : q.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();

    /// <summary>Each search word adds a condition to the query: more are refused rather than ignored.</summary>
    public const int MaxSearchWords = 10;
}
