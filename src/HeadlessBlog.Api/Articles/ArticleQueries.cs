using HeadlessBlog.Api.Infrastructure;
using HeadlessBlog.Data;
using Mapster;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Articles;

/// <summary>Every query the article endpoints send to the database, as composable LINQ (so its SQL can be checked per provider).</summary>
public static class ArticleQueries
{
    public static IQueryable<ArticleSummary> List(BlogDbContext db, ArticleListQuery query, TypeAdapterConfig mapping)
    {
        var articles = query.Status switch
        {
            ArticleStatuses.Draft => db.Articles.Where(a => a.Status == ArticleStatus.Draft),
            ArticleStatuses.All => db.Articles,
            _ => db.Articles.Where(a => a.Status == ArticleStatus.Published),
        };

        if (!string.IsNullOrEmpty(query.Tag))
        {
            articles = articles.Where(a => a.Tags.Any(t => t.Tag.Slug == query.Tag));
        }

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var normalized = query.Q.Trim().ToUpperInvariant();
            articles = articles.Where(a => a.NormalizedTitle.Contains(normalized));
        }

        var ordered = query.Status switch
        {
            ArticleStatuses.Draft => articles.OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id),
            ArticleStatuses.All => articles.OrderByDescending(a => a.PublishedAt ?? a.UpdatedAt).ThenByDescending(a => a.Id),
            _ => articles.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id),
        };

        return ordered.ProjectToType<ArticleSummary>(mapping);
    }

    public static IQueryable<ArticleResponse> ById(BlogDbContext db, int id, TypeAdapterConfig mapping) =>
        db.Articles.Where(a => a.Id == id).ProjectToType<ArticleResponse>(mapping);

    public static IQueryable<ArticleResponse> BySlug(BlogDbContext db, string slug, TypeAdapterConfig mapping) =>
        db.Articles.Where(a => a.Slug == slug).ProjectToType<ArticleResponse>(mapping);

    /// <summary>An article with its tag assignments and links, for an update.</summary>
    public static IQueryable<Article> ForUpdate(BlogDbContext db, int id) =>
        db.Articles.Include(a => a.Tags).Include(a => a.RelatedLinks).AsSplitQuery().Where(a => a.Id == id);

    /// <summary>Articles with their outgoing links, for link changes.</summary>
    public static IQueryable<Article> WithLinks(BlogDbContext db, int id, int otherId) =>
        db.Articles.Include(a => a.RelatedLinks).Where(a => a.Id == id || a.Id == otherId);

    public static IQueryable<Article> WithId(BlogDbContext db, int id) => db.Articles.Where(a => a.Id == id);

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
    public static IQueryable<ArticleSummary> Related(BlogDbContext db, int id, TypeAdapterConfig mapping) =>
        db.ArticleLinks
            .Where(l => l.SourceArticleId == id)
            .OrderBy(l => l.Position)
            .Select(l => l.Target)
            .ProjectToType<ArticleSummary>(mapping);

    /// <summary>Links pointing at an article (deleted explicitly: they have no cascade).</summary>
    public static IQueryable<ArticleLink> LinksTo(BlogDbContext db, int id) => db.ArticleLinks.Where(l => l.TargetArticleId == id);
}
