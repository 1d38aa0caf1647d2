using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Exports;

/// <summary>
/// The queries of an export, each a batch after a key (keyset paging): a fixed number of queries per batch, none
/// tracked, and only the columns the format carries (not the HTML, plain text and counts derived on save).
/// </summary>
public static class ExportReads
{
    /// <summary>Up to <paramref name="take"/> tags with an id above <paramref name="after"/>, in id order.</summary>
    public static async Task<List<(int Id, ExportTag Tag)>> TagsAsync(BlogDbContext db, int after, int take, CancellationToken cancellationToken) =>
        (await db.Tags.AsNoTracking()
            .Where(t => t.Id > after)
            .OrderBy(t => t.Id)
            .Take(take)
            .Select(t => new
            {
                t.Id,
                Tag = new ExportTag
                {
                    Name = t.Name,
                    Slug = t.Slug,
                    Description = t.Description,
                    MetaTitle = t.MetaTitle,
                    MetaDescription = t.MetaDescription,
                    FeatureImageUrl = t.FeatureImageUrl,
                    CreatedAt = t.CreatedAt,
                    UpdatedAt = t.UpdatedAt,
                },
            })
            .ToListAsync(cancellationToken))
        .ConvertAll(t => (t.Id, t.Tag));

    /// <summary>
    /// Up to <paramref name="take"/> articles with an id above <paramref name="after"/>, in id order, each with its
    /// tags and related slugs in order and its status as shown at <paramref name="now"/>: three queries.
    /// </summary>
    public static async Task<(List<ExportArticle> Articles, int LastId)> ArticlesAsync(
        BlogDbContext db, int after, int take, DateTime now, CancellationToken cancellationToken)
    {
        var rows = await db.Articles.AsNoTracking()
            .Where(a => a.Id > after)
            .OrderBy(a => a.Id)
            .Take(take)
            .Select(a => new
            {
                a.Id,
                a.Status,
                Article = new ExportArticle
                {
                    Slug = a.Slug,
                    Title = a.Title,
                    Summary = a.Summary,
                    Body = a.Body,
                    Status = "",
                    PublishedAt = a.PublishedAt,
                    CreatedAt = a.CreatedAt,
                    UpdatedAt = a.UpdatedAt,
                    FeatureImageUrl = a.FeatureImageUrl,
                    FeatureImageAlt = a.FeatureImageAlt,
                    FeatureImageCaption = a.FeatureImageCaption,
                    MetaTitle = a.MetaTitle,
                    MetaDescription = a.MetaDescription,
                    CanonicalUrl = a.CanonicalUrl,
                    OgImageUrl = a.OgImageUrl,
                    OgTitle = a.OgTitle,
                    OgDescription = a.OgDescription,
                    TwitterImageUrl = a.TwitterImageUrl,
                    TwitterTitle = a.TwitterTitle,
                    TwitterDescription = a.TwitterDescription,
                },
            })
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return ([], after);
        }

        // The batch's tag assignments and links: a range of the tables' leading key column, in the stored order.
        var last = rows[^1].Id;
        var tags = (await db.ArticleTags.AsNoTracking()
                .Where(t => t.ArticleId > after && t.ArticleId <= last)
                .OrderBy(t => t.ArticleId).ThenBy(t => t.Position)
                .Select(t => new { t.ArticleId, t.Tag.Name, t.Tag.Slug })
                .ToListAsync(cancellationToken))
            .ToLookup(t => t.ArticleId, t => new ExportTagRef { Name = t.Name, Slug = t.Slug });
        var related = (await db.ArticleLinks.AsNoTracking()
                .Where(l => l.SourceArticleId > after && l.SourceArticleId <= last)
                .OrderBy(l => l.SourceArticleId).ThenBy(l => l.Position)
                .Select(l => new { l.SourceArticleId, l.Target.Slug })
                .ToListAsync(cancellationToken))
            .ToLookup(l => l.SourceArticleId, l => l.Slug);

        var articles = rows.ConvertAll(row => row.Article with
        {
            Status = ArticleStatuses.Effective(row.Status, row.Article.PublishedAt, now),
            Tags = [.. tags[row.Id]],
            Related = [.. related[row.Id]],
        });
        return (articles, last);
    }

    // CompareTo runs in the database, where slug columns compare ordinally on every provider (OrdinalText).

    /// <summary>Up to <paramref name="take"/> old article slugs after <paramref name="after"/> (in slug order), with the slug each leads to.</summary>
    public static async Task<List<(string From, string To)>> ArticleRedirectsAsync(
        BlogDbContext db, string after, int take, CancellationToken cancellationToken) =>
        (await db.ArticleSlugRedirects.AsNoTracking()
            .Where(r => r.Slug.CompareTo(after) > 0)
            .OrderBy(r => r.Slug)
            .Take(take)
            .Select(r => new { r.Slug, To = r.Article.Slug })
            .ToListAsync(cancellationToken))
        .ConvertAll(r => (r.Slug, r.To));

    /// <summary>Up to <paramref name="take"/> old tag slugs after <paramref name="after"/> (in slug order), with the slug each leads to.</summary>
    public static async Task<List<(string From, string To)>> TagRedirectsAsync(
        BlogDbContext db, string after, int take, CancellationToken cancellationToken) =>
        (await db.TagSlugRedirects.AsNoTracking()
            .Where(r => r.Slug.CompareTo(after) > 0)
            .OrderBy(r => r.Slug)
            .Take(take)
            .Select(r => new { r.Slug, To = r.Tag.Slug })
            .ToListAsync(cancellationToken))
        .ConvertAll(r => (r.Slug, r.To));
}
