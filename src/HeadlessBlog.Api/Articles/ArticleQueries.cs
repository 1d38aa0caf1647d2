using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Api.Slugs;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Articles;

/// <summary>Every query the article endpoints send to the database, as composable LINQ (so its SQL can be checked per provider).</summary>
public static class ArticleQueries
{
    /// <summary>
    /// An article by id with every related article (see <see cref="ArticleReads.Respond"/>), in one statement;
    /// <paramref name="visibleAt"/> limits the article itself to a visible one.
    /// </summary>
    public static IQueryable<ArticleResponse> ById(BlogDbContext db, int id, DateTime? visibleAt) =>
        Readable(db, visibleAt).Where(a => a.Id == id).Select(ArticleMapping.ToResponseWithRelated);

    /// <summary>An article by slug with every related article, in one statement (see <see cref="ById"/>).</summary>
    public static IQueryable<ArticleResponse> BySlug(BlogDbContext db, string slug, DateTime? visibleAt) =>
        Readable(db, visibleAt).Where(a => a.Slug == slug).Select(ArticleMapping.ToResponseWithRelated);

    private static IQueryable<Article> Readable(BlogDbContext db, DateTime? visibleAt) => Readable(db.Articles, visibleAt);

    private static IQueryable<Article> Readable(IQueryable<Article> articles, DateTime? visibleAt) =>
        visibleAt is { } now ? articles.Where(Visibility.OfArticle(now)) : articles;

    /// <summary>The current slug of the article that once had <paramref name="oldSlug"/>.</summary>
    public static IQueryable<string> RedirectTarget(BlogDbContext db, string oldSlug, DateTime? visibleAt) =>
        Readable(db.ArticleSlugRedirects.Where(r => r.Slug == oldSlug).Select(r => r.Article), visibleAt).Select(a => a.Slug);

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
                && at.ArticleId != id && !linked.Contains(at.ArticleId))
            .Where(Visibility.OfAssignment(now))
            .GroupBy(at => at.ArticleId)
            .Select(g => new { ArticleId = g.Key, Shared = g.Count(), PublishedAt = g.Max(at => at.ArticlePublishedAt) })
            .OrderByDescending(r => r.Shared).ThenByDescending(r => r.PublishedAt).ThenByDescending(r => r.ArticleId)
            .Take(limit)
            .Select(r => r.ArticleId);
    }

    /// <summary>
    /// The summaries of the given articles (only those visible at <paramref name="visibleAt"/>, if given), in no
    /// particular order.
    /// </summary>
    public static IQueryable<ArticleSummary> Summaries(BlogDbContext db, int[] ids, DateTime? visibleAt) =>
        Readable(db, visibleAt).Where(a => ids.Contains(a.Id)).Select(ArticleMapping.ToSummary);

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
        BlogDbContext db, int[] ids, DateTime now, CancellationToken cancellationToken)
    {
        if (ids.Length == 0)
        {
            return [];
        }

        var summaries = await Summaries(db, ids, now).ToListAsync(cancellationToken);
        return [.. summaries.OrderBy(a => Array.IndexOf(ids, a.Id))];
    }

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

    /// <summary>Whether the article holding <paramref name="slug"/>, if any, is in the trash (which keeps its slug taken).</summary>
    public static IQueryable<bool> SlugHolderInTrash(BlogDbContext db, string slug) =>
        db.Articles.IgnoreQueryFilters([Article.TrashFilter]).Where(a => a.Slug == slug).Select(a => a.DeletedAt != null);

    public static IQueryable<int> ExistingIds(BlogDbContext db, int[] ids) =>
        db.Articles.Where(a => ids.Contains(a.Id)).Select(a => a.Id);

    /// <summary>Slugs equal to <paramref name="baseSlug"/> or starting with it and a hyphen (candidates for "-2", "-3", …).</summary>
    public static IQueryable<string> SlugsLike(BlogDbContext db, string baseSlug)
    {
        var prefix = Slug.CandidatePrefix(baseSlug);
        // Articles in the trash too: they keep their slugs.
        return db.Articles.IgnoreQueryFilters([Article.TrashFilter])
            .Where(a => a.Slug == baseSlug || a.Slug.StartsWith(prefix)).Select(a => a.Slug);
    }

    /// <summary>The related articles of an article, in link order.</summary>
    /// <remarks>Every related article: visibility is applied afterwards (<see cref="VisibleOnly"/>).</remarks>
    public static IQueryable<ArticleSummary> Related(BlogDbContext db, int id) =>
        db.ArticleLinks
            .Where(l => l.SourceArticleId == id)
            .OrderBy(l => l.Position)
            .Select(l => l.Target)
            .Select(ArticleMapping.ToSummary);

    /// <summary>The related articles of an article in link order; with <paramref name="visibleAt"/>, only those visible then.</summary>
    public static async Task<List<ArticleSummary>> RelatedAsync(
        BlogDbContext db, int id, DateTime? visibleAt, CancellationToken cancellationToken)
    {
        var related = await Related(db, id).ToListAsync(cancellationToken);
        return VisibleOnly(related, visibleAt);
    }

    /// <summary>
    /// <paramref name="related"/> as it is, or with <paramref name="visibleAt"/> only the articles visible then. In
    /// memory, not in SQL: at most 50 of them, and filtering them in SQL let SQLite start from the status index of all
    /// articles (140 ms at 100,000) instead of the article's links.
    /// </summary>
    public static List<ArticleSummary> VisibleOnly(IEnumerable<ArticleSummary> related, DateTime? visibleAt) =>
        visibleAt is { } now ? [.. related.Where(a => ArticleStatuses.IsVisible(a.Status, a.PublishedAt, now))] : [.. related];

    /// <summary>
    /// The ids of the articles after <paramref name="afterId"/>, in id order (a sync's initial pages). Ids only: with the
    /// visibility filter SQLite reads them from the status index and sorts them, and sorting whole rows (bodies and all)
    /// made every page of a 100,000-article sync read half the table (0.8 s a page).
    /// </summary>
    public static IQueryable<int> IdsAfter(BlogDbContext db, int afterId, int take, DateTime? visibleAt) =>
        Readable(db, visibleAt).Where(a => a.Id > afterId).OrderBy(a => a.Id).Take(take).Select(a => a.Id);

    /// <summary>
    /// The given articles (those visible at <paramref name="visibleAt"/>) with the bodies of the chosen
    /// <paramref name="formats"/> only, related lists still empty. Their tags come in a second query: joined in one,
    /// every row of an article repeats its body and HTML once per tag.
    /// </summary>
    public static IQueryable<ArticleResponse> WithIds(BlogDbContext db, int[] ids, DateTime? visibleAt, string? formats) =>
        Readable(db, visibleAt).Where(a => ids.Contains(a.Id)).Select(ArticleMapping.ToResponseIn(formats)).AsSplitQuery();

    /// <summary>The related links of several articles, each article's in link order.</summary>
    public static IQueryable<LinkRef> LinksFrom(BlogDbContext db, int[] ids) =>
        db.ArticleLinks.Where(l => ids.Contains(l.SourceArticleId))
            .OrderBy(l => l.SourceArticleId).ThenBy(l => l.Position)
            .Select(l => new LinkRef(l.SourceArticleId, l.TargetArticleId));

    /// <summary>Links pointing at an article (deleted explicitly: they have no cascade).</summary>
    public static IQueryable<ArticleLink> LinksTo(BlogDbContext db, int id) => db.ArticleLinks.Where(l => l.TargetArticleId == id);

    /// <summary>Ids of the articles that link to <paramref name="id"/> (their pages show it as related).</summary>
    public static IQueryable<int> LinkingIds(BlogDbContext db, int id) =>
        db.ArticleLinks.Where(l => l.TargetArticleId == id).Select(l => l.SourceArticleId);

    public static IQueryable<ArticleSlugRedirect> RedirectsFrom(BlogDbContext db, string[] slugs) =>
        db.ArticleSlugRedirects.Where(r => slugs.Contains(r.Slug));
}

/// <summary>A related link: <paramref name="Source"/> shows <paramref name="Target"/>.</summary>
public sealed record LinkRef(int Source, int Target);
