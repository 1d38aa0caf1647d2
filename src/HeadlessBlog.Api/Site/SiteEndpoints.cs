using HeadlessBlog.Api.Delivery;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Api.Slugs;
using HeadlessBlog.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessBlog.Api.Site;

/// <summary>Sitemap, redirects and feeds: what a static build or a reader needs beside the content. Cached like other reads.</summary>
public static class SiteEndpoints
{
    public static RouteGroupBuilder MapSiteEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api").WithTags("Site").CacheOutput(ContentCachePolicy.Name);

        group.MapGet("/sitemap", GetSitemap).WithName(nameof(GetSitemap))
            .WithSummary($"The pages of a sitemap: visible articles, then tags with visible articles ({SiteReads.SitemapPageSize:N0} a page)");
        group.MapGet("/redirects", GetRedirects).WithName(nameof(GetRedirects))
            .WithSummary($"Old slugs and the current slug each redirects to, of visible articles and every tag ({SiteReads.RedirectsPageSize:N0} a page)");
        group.MapGet("/feeds/rss", GetRssFeed).WithName(nameof(GetRssFeed))
            .WithSummary("RSS 2.0 feed of the newest visible articles (optionally of one tag); needs Site:Url")
            .Produces<string>(StatusCodes.Status200OK, "application/rss+xml")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/feeds/atom", GetAtomFeed).WithName(nameof(GetAtomFeed))
            .WithSummary("Atom 1.0 feed of the newest visible articles (optionally of one tag); needs Site:Url")
            .Produces<string>(StatusCodes.Status200OK, "application/atom+xml")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/feeds/json", GetJsonFeed).WithName(nameof(GetJsonFeed))
            .WithSummary("JSON Feed 1.1 of the newest visible articles (optionally of one tag); needs Site:Url")
            .Produces<JsonFeed>(StatusCodes.Status200OK, "application/feed+json")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<CacheableJson<PagedResponse<SitemapItem>>> GetSitemap(
        [AsParameters] SitePageRequest page, [AsParameters] ContentRequest request)
    {
        var items = await SiteReads.SitemapAsync(request, page.Page ?? 1);
        request.Shown.ArticleLists().TagLists();
        return new CacheableJson<PagedResponse<SitemapItem>>(items);
    }

    public static async Task<CacheableJson<PagedResponse<SlugRedirectItem>>> GetRedirects(
        [AsParameters] SitePageRequest page, [AsParameters] ContentRequest request)
    {
        var items = await SiteReads.RedirectsAsync(request, page.Page ?? 1);
        request.Shown.ArticleLists().TagLists();
        return new CacheableJson<PagedResponse<SlugRedirectItem>>(items);
    }

    public static Task<Results<CacheableContent, ProblemHttpResult>> GetRssFeed(
        [AsParameters] FeedQuery query, [AsParameters] ContentRequest request, IOptions<SiteOptions> site, IOptions<FeedOptions> feed) =>
        FeedAsync(query, request, site.Value, feed.Value, Feeds.RssType, Feeds.Rss);

    public static Task<Results<CacheableContent, ProblemHttpResult>> GetAtomFeed(
        [AsParameters] FeedQuery query, [AsParameters] ContentRequest request, IOptions<SiteOptions> site, IOptions<FeedOptions> feed) =>
        FeedAsync(query, request, site.Value, feed.Value, Feeds.AtomType, Feeds.Atom);

    public static Task<Results<CacheableContent, ProblemHttpResult>> GetJsonFeed(
        [AsParameters] FeedQuery query, [AsParameters] ContentRequest request, IOptions<SiteOptions> site, IOptions<FeedOptions> feed) =>
        FeedAsync(query, request, site.Value, feed.Value, Feeds.JsonType, Feeds.Json);

    private static async Task<Results<CacheableContent, ProblemHttpResult>> FeedAsync(
        FeedQuery query, ContentRequest request, SiteOptions site, FeedOptions feed, string contentType, Func<Feeds.Channel, byte[]> write)
    {
        if (!site.HasUrl)
        {
            return Problems.NotFound("Feeds need the setting Site:Url, the frontend's absolute http(s) address (e.g. https://blog.example).");
        }

        var title = site.Title;
        int? tagId = null;
        if (query.Tag is { } slug)
        {
            // Checked before the lookup, as for tag pages: SQL Server's = ignores trailing spaces.
            var tag = Slug.IsValid(slug)
                ? await request.Db.Tags.Where(t => t.Slug == slug).Select(t => new { t.Id, t.Name }).FirstOrDefaultAsync(request.Aborted)
                : null;
            if (tag is null)
            {
                return Problems.NotFound($"No tag has the slug '{slug}'.");
            }

            (tagId, title) = (tag.Id, $"{site.Title}: {tag.Name}");
        }

        var articles = await SiteReads.FeedAsync(request, tagId, Math.Clamp(feed.Items, 1, 1000), feed.FullContent);
        request.Shown.ArticleLists().TagLists().Articles(articles.Select(a => a.Id));
        var http = request.Http.Request;
        var feedUrl = $"{http.Scheme}://{http.Host}{http.PathBase}{http.Path}{http.QueryString}";
        return new CacheableContent(write(new Feeds.Channel(site, title, feedUrl, articles)), contentType, Feeds.LastModified(articles));
    }
}
