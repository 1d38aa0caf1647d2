using System.Globalization;
using System.Linq.Expressions;
using HeadlessBlog.Api.Infrastructure;
using HeadlessBlog.Data;
using Mapster;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Articles;

/// <summary>Every query the article endpoints send to the database, as composable LINQ (so its SQL can be checked per provider).</summary>
public static class ArticleQueries
{
    /// <summary>Published with a publication time that has come: what anonymous readers see.</summary>
    public static Expression<Func<Article, bool>> IsVisible(DateTime now) =>
        a => a.Status == ArticleStatus.Published && a.PublishedAt <= now;

    public static IQueryable<ArticleSummary> List(BlogDbContext db, ArticleListQuery query, DateTime now, TypeAdapterConfig mapping)
    {
        var tagSlugs = ArticleStatuses.SplitList(query.Tag);
        if (tagSlugs.Length == 1 && query.Status is null or ArticleStatuses.Published
            && query.Sort is null or "-publishedAt" or "publishedAt")
        {
            return TagPage(db, tagSlugs[0], query, now).ProjectToType<ArticleSummary>(mapping);
        }

        var articles = query.Status switch
        {
            ArticleStatuses.Draft => db.Articles.Where(a => a.Status == ArticleStatus.Draft),
            ArticleStatuses.Scheduled => db.Articles.Where(a => a.Status == ArticleStatus.Published && a.PublishedAt > now),
            ArticleStatuses.All => db.Articles,
            _ => db.Articles.Where(IsVisible(now)),
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

        if (ParseDate(query.PublishedFrom) is { } from)
        {
            articles = articles.Where(a => a.PublishedAt >= from);
        }

        // The last day of the calendar has no next day: nothing is later.
        if (ParseDate(query.PublishedTo) is { } to && to < DateTime.MaxValue.Date)
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

        return ordered.ProjectToType<ArticleSummary>(mapping);
    }

    /// <summary>
    /// A reader's page of the articles with any of several tags, by publication time, without search words: served by
    /// <see cref="AnyTagPageIds"/> and <see cref="AnyTagCount"/> rather than <see cref="List"/>.
    /// </summary>
    public static bool IsAnyTagPage(ArticleListQuery query) =>
        ArticleStatuses.SplitList(query.Tag).Distinct(StringComparer.Ordinal).Count() > 1
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

        var slugs = ArticleStatuses.SplitList(query.Tag).Distinct(StringComparer.Ordinal).ToArray();
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
        var slugs = ArticleStatuses.SplitList(query.Tag);
        return Dated(db.ArticleTags.Where(at => slugs.Contains(at.Tag.Slug)
                && at.ArticleStatus == ArticleStatus.Published && at.ArticlePublishedAt <= now), query)
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
        Dated(db.ArticleTags.Where(at =>
            at.Tag.Slug == tagSlug && at.ArticleStatus == ArticleStatus.Published && at.ArticlePublishedAt <= now), query);

    private static IQueryable<ArticleTag> Dated(IQueryable<ArticleTag> rows, ArticleListQuery query)
    {
        if (ParseDate(query.PublishedFrom) is { } from)
        {
            rows = rows.Where(at => at.ArticlePublishedAt >= from);
        }

        if (ParseDate(query.PublishedTo) is { } to && to < DateTime.MaxValue.Date)
        {
            var end = to.AddDays(1);
            rows = rows.Where(at => at.ArticlePublishedAt < end);
        }

        return rows;
    }

    /// <summary>An article by id; <paramref name="visibleAt"/> limits it (and its related list) to visible articles.</summary>
    public static IQueryable<ArticleResponse> ById(BlogDbContext db, int id, DateTime? visibleAt, TypeAdapterConfig mapping) =>
        Readable(db, visibleAt).Where(a => a.Id == id).ProjectToType<ArticleResponse>(mapping);

    /// <summary>An article by slug; <paramref name="visibleAt"/> limits it to visible articles.</summary>
    public static IQueryable<ArticleResponse> BySlug(BlogDbContext db, string slug, DateTime? visibleAt, TypeAdapterConfig mapping) =>
        Readable(db, visibleAt).Where(a => a.Slug == slug).ProjectToType<ArticleResponse>(mapping);

    private static IQueryable<Article> Readable(BlogDbContext db, DateTime? visibleAt) =>
        visibleAt is { } now ? db.Articles.Where(IsVisible(now)) : db.Articles;

    /// <summary>The current slug of the article that once had <paramref name="oldSlug"/>.</summary>
    public static IQueryable<string> RedirectTarget(BlogDbContext db, string oldSlug, DateTime? visibleAt) =>
        db.ArticleSlugRedirects.Where(r => r.Slug == oldSlug).Select(r => r.Article)
            .Where(a => visibleAt == null || (a.Status == ArticleStatus.Published && a.PublishedAt <= visibleAt))
            .Select(a => a.Slug);

    public static IQueryable<int> IdOfSlug(BlogDbContext db, string slug) => db.Articles.Where(a => a.Slug == slug).Select(a => a.Id);

    /// <summary>
    /// "You may also like": the ids of the visible articles sharing the most tags with article <paramref name="id"/>,
    /// excluding itself and its related articles, ranked by shared tags, then newest publication, then id. Ranked
    /// from the tag assignments alone (they carry status and publication time), so no article row is read.
    /// </summary>
    public static IQueryable<int> SuggestionIds(BlogDbContext db, int id, int limit, DateTime now)
    {
        var tagIds = db.ArticleTags.Where(t => t.ArticleId == id).Select(t => t.TagId);
        var linked = db.ArticleLinks.Where(l => l.SourceArticleId == id).Select(l => l.TargetArticleId);
        return db.ArticleTags
            .Where(at => tagIds.Contains(at.TagId)
                && at.ArticleStatus == ArticleStatus.Published && at.ArticlePublishedAt <= now
                && at.ArticleId != id && !linked.Contains(at.ArticleId))
            .GroupBy(at => at.ArticleId)
            .Select(g => new { ArticleId = g.Key, Shared = g.Count(), PublishedAt = g.Max(at => at.ArticlePublishedAt) })
            .OrderByDescending(r => r.Shared).ThenByDescending(r => r.PublishedAt).ThenByDescending(r => r.ArticleId)
            .Take(limit)
            .Select(r => r.ArticleId);
    }

    /// <summary>The summaries of those of the given articles visible at <paramref name="now"/>, in no particular order.</summary>
    public static IQueryable<ArticleSummary> VisibleSummaries(BlogDbContext db, int[] ids, DateTime now, TypeAdapterConfig mapping) =>
        db.Articles.Where(IsVisible(now)).Where(a => ids.Contains(a.Id)).ProjectToType<ArticleSummary>(mapping);

    /// <summary>
    /// The summaries of the articles <paramref name="ids"/> visible at <paramref name="now"/>, in the order of the ids
    /// (a suggestion ranking, an any-tag page).
    /// </summary>
    /// <remarks>
    /// Choosing and reading are two steps: as one query the choice (for suggestions a grouping of every assignment of
    /// the article's tags, about 40 ms at 100,000 articles) ran twice, once more for the split query of the summaries'
    /// tags. A kept ranking may be older than the article's visibility, so visibility is checked again here.
    /// </remarks>
    public static async Task<List<ArticleSummary>> SummariesInOrderAsync(
        BlogDbContext db, int[] ids, DateTime now, TypeAdapterConfig mapping, CancellationToken cancellationToken)
    {
        if (ids.Length == 0)
        {
            return [];
        }

        var summaries = await VisibleSummaries(db, ids, now, mapping).ToListAsync(cancellationToken);
        return [.. summaries.OrderBy(a => Array.IndexOf(ids, a.Id))];
    }

    /// <summary>The earliest publication time still to come (the next scheduled article), if any.</summary>
    public static IQueryable<DateTime?> NextScheduled(BlogDbContext db, DateTime now) =>
        db.Articles.Where(a => a.Status == ArticleStatus.Published && a.PublishedAt > now)
            .OrderBy(a => a.PublishedAt).Select(a => a.PublishedAt).Take(1);

    /// <summary>An article with its tag assignments and links, for an update.</summary>
    public static IQueryable<Article> ForUpdate(BlogDbContext db, int id) =>
        db.Articles.Include(a => a.Tags).Include(a => a.RelatedLinks).AsSplitQuery().Where(a => a.Id == id);

    /// <summary>Articles with their outgoing links, for link changes.</summary>
    public static IQueryable<Article> WithLinks(BlogDbContext db, int id, int otherId) =>
        db.Articles.Include(a => a.RelatedLinks).Where(a => a.Id == id || a.Id == otherId);

    public static IQueryable<Article> WithId(BlogDbContext db, int id) => db.Articles.Where(a => a.Id == id);

    public static IQueryable<Article> WithVersion(BlogDbContext db, int id, byte[] version) =>
        db.Articles.Where(a => a.Id == id && a.Version == version);

    public static IQueryable<Article> WithSlug(BlogDbContext db, string slug) => db.Articles.Where(a => a.Slug == slug);

    public static IQueryable<int> ExistingIds(BlogDbContext db, int[] ids) =>
        db.Articles.Where(a => ids.Contains(a.Id)).Select(a => a.Id);

    /// <summary>Slugs equal to <paramref name="baseSlug"/> or starting with it and a hyphen (candidates for "-2", "-3", …).</summary>
    public static IQueryable<string> SlugsLike(BlogDbContext db, string baseSlug)
    {
        var prefix = Slugs.CandidatePrefix(baseSlug);
        return db.Articles.Where(a => a.Slug == baseSlug || a.Slug.StartsWith(prefix)).Select(a => a.Slug);
    }

    /// <summary>The related articles of an article, in link order.</summary>
    /// <remarks>
    /// Every related article: at most 50, so visibility is applied afterwards (<see cref="RelatedAsync"/>). Filtering
    /// it in SQL let SQLite start from the status index of all articles (140 ms at 100,000) instead of the article's links.
    /// </remarks>
    public static IQueryable<ArticleSummary> Related(BlogDbContext db, int id, TypeAdapterConfig mapping) =>
        db.ArticleLinks
            .Where(l => l.SourceArticleId == id)
            .OrderBy(l => l.Position)
            .Select(l => l.Target)
            .ProjectToType<ArticleSummary>(mapping);

    /// <summary>The related articles of an article in link order; with <paramref name="visibleAt"/>, only those visible then.</summary>
    public static async Task<List<ArticleSummary>> RelatedAsync(
        BlogDbContext db, int id, DateTime? visibleAt, TypeAdapterConfig mapping, CancellationToken cancellationToken)
    {
        var related = await Related(db, id, mapping).ToListAsync(cancellationToken);
        return visibleAt is { } now
            ? related.FindAll(a => a.Status == ArticleStatuses.Published && a.PublishedAt <= now)
            : related;
    }

    /// <summary>Links pointing at an article (deleted explicitly: they have no cascade).</summary>
    public static IQueryable<ArticleLink> LinksTo(BlogDbContext db, int id) => db.ArticleLinks.Where(l => l.TargetArticleId == id);

    /// <summary>Ids of the articles that link to <paramref name="id"/> (their pages show it as related).</summary>
    public static IQueryable<int> LinkingIds(BlogDbContext db, int id) =>
        db.ArticleLinks.Where(l => l.TargetArticleId == id).Select(l => l.SourceArticleId);

    public static IQueryable<ArticleSlugRedirect> RedirectsFrom(BlogDbContext db, string[] slugs) =>
        db.ArticleSlugRedirects.Where(r => slugs.Contains(r.Slug));

    public static string[] SearchWords(string? q) =>
        string.IsNullOrWhiteSpace(q)
            ? []
            : q.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();

    /// <summary>Each search word adds a condition to the query: more are refused rather than ignored.</summary>
    public const int MaxSearchWords = 10;

    public static DateTime? ParseDate(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)
            : null;
}
