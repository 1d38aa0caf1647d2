using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Json;
using System.Xml;
using HeadlessBlog.Api.Publishing;

namespace HeadlessBlog.Api.Site;

/// <summary>
/// The three feed formats of one list of articles: RSS 2.0 (with <c>content:encoded</c>) and Atom 1.0 written by
/// System.ServiceModel.Syndication's formatters, JSON Feed 1.1 serialized from its records.
/// </summary>
public static class Feeds
{
    public const string RssType = "application/rss+xml; charset=utf-8";
    public const string AtomType = "application/atom+xml; charset=utf-8";
    public const string JsonType = "application/feed+json; charset=utf-8";

    private const string ContentModule = "http://purl.org/rss/1.0/modules/content/";

    /// <summary>What every format says about the feed itself.</summary>
    /// <param name="Site">Where the frontend serves the articles.</param>
    /// <param name="Title">The site's title (and the tag's name for a tag's feed).</param>
    /// <param name="FeedUrl">The feed's own absolute URL (this API's).</param>
    /// <param name="Articles">Its items, newest first.</param>
    public sealed record Channel(SiteOptions Site, string Title, string FeedUrl, IReadOnlyList<FeedArticle> Articles);

    public static byte[] Rss(Channel channel)
    {
        var feed = Syndication(channel, rss: true);
        feed.AttributeExtensions.Add(new XmlQualifiedName("content", "http://www.w3.org/2000/xmlns/"), ContentModule);
        return Write(new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: false));
    }

    public static byte[] Atom(Channel channel) => Write(new Atom10FeedFormatter(Syndication(channel, rss: false)));

    public static byte[] Json(Channel channel) => JsonSerializer.SerializeToUtf8Bytes(new JsonFeed(
        "https://jsonfeed.org/version/1.1",
        channel.Title,
        channel.Site.HomeUrl,
        channel.FeedUrl,
        channel.Site.Description,
        [.. channel.Articles.Select(a => new JsonFeedItem(
            channel.Site.ArticleUrl(a.Slug),
            channel.Site.ArticleUrl(a.Slug),
            a.Title,
            a.BodyHtml,
            a.BodyHtml is null ? SummaryOf(a) : null,
            SummaryOf(a),
            a.FeatureImageUrl,
            Utc(a.PublishedAt),
            Utc(a.UpdatedAt),
            a.Tags))]));

    /// <summary>The newest change among the articles (the feed's <c>Last-Modified</c>).</summary>
    public static DateTime? LastModified(IReadOnlyList<FeedArticle> articles) =>
        articles.Count == 0 ? null : articles.Max(a => a.UpdatedAt > a.PublishedAt ? a.UpdatedAt : a.PublishedAt);

    private static SyndicationFeed Syndication(Channel channel, bool rss)
    {
        var site = channel.Site;
        var feed = new SyndicationFeed(channel.Title, site.Description ?? channel.Title, new Uri(site.HomeUrl))
        {
            Id = channel.FeedUrl,
            Generator = "HeadlessBlog",
            LastUpdatedTime = LastModified(channel.Articles) is { } modified ? Utc(modified) : DateTimeOffset.UnixEpoch,
            Items = [.. channel.Articles.Select(a => Item(site, a, rss))],
        };
        feed.Links.Add(new SyndicationLink(new Uri(channel.FeedUrl), "self", null, null, 0));
        // Atom wants an author for every entry; the site is the best one a blog without authors has.
        feed.Authors.Add(new SyndicationPerson { Name = site.Title });
        return feed;
    }

    private static SyndicationItem Item(SiteOptions site, FeedArticle article, bool rss)
    {
        var url = site.ArticleUrl(article.Slug);
        var item = new SyndicationItem
        {
            Id = url,
            Title = new TextSyndicationContent(article.Title),
            Summary = new TextSyndicationContent(SummaryOf(article)),
            PublishDate = Utc(article.PublishedAt),
            LastUpdatedTime = Utc(article.UpdatedAt),
        };
        item.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(url)));
        foreach (var tag in article.Tags)
        {
            item.Categories.Add(new SyndicationCategory(tag));
        }

        if (article.BodyHtml is { } html)
        {
            if (rss)
            {
                item.ElementExtensions.Add("encoded", ContentModule, html);
            }
            else
            {
                item.Content = SyndicationContent.CreateHtmlContent(html);
            }
        }

        return item;
    }

    private static string SummaryOf(FeedArticle article) => string.IsNullOrWhiteSpace(article.Summary) ? article.Excerpt : article.Summary;

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static byte[] Write(SyndicationFeedFormatter formatter)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            formatter.WriteTo(writer);
        }

        return stream.ToArray();
    }
}
