using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Site;

/// <summary>The site lists: what a static build needs beside the content (sitemap, redirects, feeds). Visible content only.</summary>
public static class SiteReads
{
    /// <summary>The sitemap protocol's limit of URLs per file.</summary>
    public const int SitemapPageSize = 50_000;

    public const int RedirectsPageSize = 1_000;

    /// <summary>Visible articles, newest first, then the tags that have any, by slug.</summary>
    public static async Task<PagedResponse<SitemapItem>> SitemapAsync(ContentRequest request, int page)
    {
        var now = request.UtcNow();
        var articles = request.Db.Articles.Where(Visibility.OfArticle(now))
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
            .Select(a => new SitemapItem("article", a.Slug, a.UpdatedAt, a.PublishedAt));
        // A tag's page changes when a newer article appears on it: its newest visible publication rides in PublishedAt
        // until the page is read, then becomes its UpdatedAt when later than the tag's own.
        var tags = request.Db.Tags
            .Where(t => t.Articles.AsQueryable().Any(Visibility.OfAssignment(now)))
            .OrderBy(t => t.Slug)
            .Select(t => new SitemapItem("tag", t.Slug, t.UpdatedAt, t.Articles.AsQueryable().Where(Visibility.OfAssignment(now)).Max(at => at.ArticlePublishedAt)));
        var result = await TwoPartPageAsync(request, "sitemap", articles, tags, page, SitemapPageSize);
        return result with
        {
            Items = [.. result.Items.Select(i => i.Kind == "tag"
                ? i with { UpdatedAt = i.PublishedAt > i.UpdatedAt ? i.PublishedAt.Value : i.UpdatedAt, PublishedAt = null }
                : i)],
        };
    }

    /// <summary>Old slugs of visible articles, then of every tag, each to its owner's current slug; by old slug.</summary>
    public static Task<PagedResponse<SlugRedirectItem>> RedirectsAsync(ContentRequest request, int page)
    {
        var db = request.Db;
        var articles = from r in db.ArticleSlugRedirects
                       join a in db.Articles.Where(Visibility.OfArticle(request.UtcNow())) on r.ArticleId equals a.Id
                       orderby r.Slug
                       select new SlugRedirectItem("article", r.Slug, a.Slug);
        var tags = db.TagSlugRedirects.OrderBy(r => r.Slug).Select(r => new SlugRedirectItem("tag", r.Slug, r.Tag.Slug));
        return TwoPartPageAsync(request, "redirects", articles, tags, page, RedirectsPageSize);
    }

    /// <summary>The newest <paramref name="count"/> visible articles (of tag <paramref name="tagId"/>, when given).</summary>
    public static Task<List<FeedArticle>> FeedAsync(ContentRequest request, int? tagId, int count, bool fullContent)
    {
        var articles = request.Db.Articles.Where(Visibility.OfArticle(request.UtcNow()));
        if (tagId is { } tag)
        {
            articles = articles.Where(a => a.Tags.Any(t => t.TagId == tag));
        }

        return articles.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id).Take(count)
            .Select(a => new FeedArticle(
                a.Id, a.Title, a.Slug, a.Summary, a.Excerpt, fullContent ? a.BodyHtml : null, a.FeatureImageUrl, a.PublishedAt!.Value,
                a.UpdatedAt, a.Tags.OrderBy(t => t.Position).Select(t => t.Tag.Name).ToList()))
            .AsSplitQuery()
            .ToListAsync(request.Aborted);
    }

    /// <summary>
    /// One page of <paramref name="first"/> followed by <paramref name="second"/>; both lengths kept between writes
    /// (<see cref="Delivery.DerivedResults"/>) under <paramref name="name"/>.
    /// </summary>
    private static async Task<PagedResponse<T>> TwoPartPageAsync<T>(
        ContentRequest request, string name, IQueryable<T> first, IQueryable<T> second, int page, int pageSize)
    {
        var firstCount = await request.Derived.GetOrComputeAsync(name + "\u001ffirst", () => first.CountAsync(request.Aborted), request.Aborted);
        var secondCount = await request.Derived.GetOrComputeAsync(name + "\u001fsecond", () => second.CountAsync(request.Aborted), request.Aborted);
        var paging = new PageRequest { Page = page, PageSize = pageSize };
        var skip = paging.Skipped();
        var items = new List<T>();
        if (skip < firstCount)
        {
            items.AddRange(await first.Skip((int)skip).Take(pageSize).ToListAsync(request.Aborted));
        }

        var skipSecond = Math.Max(0, skip - firstCount);
        if (items.Count < pageSize && skipSecond < secondCount)
        {
            items.AddRange(await second.Skip((int)skipSecond).Take(pageSize - items.Count).ToListAsync(request.Aborted));
        }

        return paging.PageOf(items, firstCount + secondCount);
    }
}
