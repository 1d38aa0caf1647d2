using System.Net;
using System.ServiceModel.Syndication;
using System.Text.Json.Nodes;
using System.Xml;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tests.Infrastructure;
using Json.Schema;

namespace HeadlessBlog.Api.Tests.Site;

public sealed class FeedOnSqlite(SiteSqliteFactory factory) : FeedTests<SiteSqliteFactory>(factory);

public sealed class FeedOnSqlServer(SiteSqlServerFactory factory) : FeedTests<SiteSqlServerFactory>(factory);

/// <summary>RSS, Atom and JSON Feed of the newest visible articles (of one tag here, so that each test owns its items).</summary>
public abstract class FeedTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Rss_ParsesBack_NewestFirst_WithLinksCategoriesAndFullContent_ButNoDraft()
    {
        var (tag, older, newer) = await TwoArticlesAsync();

        var response = await Client.GetAsync($"/api/feeds/rss?tag={tag.Slug}", Ct);

        Assert.Equal("application/rss+xml", response.Content.Headers.ContentType?.MediaType);
        var feed = Load(await response.Content.ReadAsStreamAsync(Ct));
        Assert.Equal($"Example Blog: {tag.Name}", feed.Title.Text);
        Assert.Equal([SiteHost.ArticleUrl(newer.Slug), SiteHost.ArticleUrl(older.Slug)], feed.Items.Select(i => i.Links.Single().Uri.ToString()));
        var item = feed.Items.First();
        Assert.Equal(newer.Title, item.Title.Text);
        Assert.Contains(tag.Name, item.Categories.Select(c => c.Name));
        Assert.Equal(newer.PublishedAt!.Value, item.PublishDate.UtcDateTime, TimeSpan.FromSeconds(1)); // RFC 822: whole seconds
        var encoded = item.ElementExtensions.ReadElementExtensions<string>("encoded", "http://purl.org/rss/1.0/modules/content/").Single();
        Assert.Contains("<strong>Markdown</strong>", encoded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Atom_ParsesBack_WithHtmlContentAndUpdatedTimes()
    {
        var (tag, older, newer) = await TwoArticlesAsync();

        var response = await Client.GetAsync($"/api/feeds/atom?tag={tag.Slug}", Ct);

        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        var feed = Load(await response.Content.ReadAsStreamAsync(Ct));
        Assert.Equal([SiteHost.ArticleUrl(newer.Slug), SiteHost.ArticleUrl(older.Slug)], feed.Items.Select(i => i.Id));
        var content = Assert.IsType<TextSyndicationContent>(feed.Items.First().Content);
        Assert.Equal("html", content.Type);
        Assert.Contains("<strong>Markdown</strong>", content.Text, StringComparison.Ordinal);
        Assert.Equal(newer.UpdatedAt, feed.Items.First().LastUpdatedTime.UtcDateTime, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task JsonFeed_MatchesTheJsonFeedSchema_AndListsTheArticles()
    {
        var (tag, older, newer) = await TwoArticlesAsync();

        var response = await Client.GetAsync($"/api/feeds/json?tag={tag.Slug}", Ct);

        Assert.Equal("application/feed+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(Ct);
        using var document = System.Text.Json.JsonDocument.Parse(text);
        var result = JsonFeedSchema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        var json = JsonNode.Parse(text)!;
        Assert.Equal([newer.Title, older.Title], json["items"]!.AsArray().Select(i => i!["title"]!.GetValue<string>()));
        Assert.Equal(SiteHost.ArticleUrl(newer.Slug), json["items"]![0]!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task Feed_ListsOnlyFeedItemsOfTheNewest()
    {
        var tag = await CreateTagAsync();
        var created = new List<ArticleResponse>();
        for (var i = 0; i < 6; i++)
        {
            Factory.Clock.Advance(TimeSpan.FromSeconds(1));
            created.Add(await CreatePublishedArticleAsync(tags: [tag.Name]));
        }

        var feed = Load(await Client.GetStreamAsync($"/api/feeds/atom?tag={tag.Slug}", Ct));

        Assert.Equal(created.Skip(1).Reverse().Select(a => SiteHost.ArticleUrl(a.Slug)), feed.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Feed_RevalidatesWithItsETag_AndSaysWhenItLastChanged()
    {
        var (tag, _, newer) = await TwoArticlesAsync();
        var url = $"/api/feeds/rss?tag={tag.Slug}";
        var first = await Client.GetAsync(url, Ct);
        Assert.Equal(newer.UpdatedAt, first.Content.Headers.LastModified!.Value.UtcDateTime, TimeSpan.FromSeconds(1));

        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        Assert.Equal(HttpStatusCode.NotModified, (await Client.SendAsync(again, Ct)).StatusCode);
    }

    [Fact]
    public async Task Feed_AfterAnotherPublish_ShowsItThroughTheOutputCache()
    {
        var (tag, _, newer) = await TwoArticlesAsync();
        var url = $"/api/feeds/json?tag={tag.Slug}";
        Assert.Contains(newer.Title, await Client.GetStringAsync(url, Ct), StringComparison.Ordinal);

        var latest = await CreatePublishedArticleAsync(tags: [tag.Name]);

        Assert.Contains(latest.Title, await Client.GetStringAsync(url, Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rss")]
    [InlineData("atom")]
    [InlineData("json")]
    public async Task Feed_OfAnUnknownTag_Returns404(string format)
    {
        var response = await Client.GetAsync($"/api/feeds/{format}?tag={Unique("no-such-tag-")}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A tag with two visible articles (the second a second later) and a draft.</summary>
    protected async Task<(HeadlessBlog.Api.Tags.TagResponse Tag, ArticleResponse Older, ArticleResponse Newer)> TwoArticlesAsync()
    {
        var tag = await CreateTagAsync();
        var older = await CreatePublishedArticleAsync(tags: [tag.Name]);
        Factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var newer = await CreatePublishedArticleAsync(tags: [tag.Name]);
        await CreateArticleAsync(new { title = Unique("Draft "), body = "x", status = "draft", tags = new[] { tag.Name } });
        return (tag, older, newer);
    }

    private static SyndicationFeed Load(Stream stream)
    {
        using var reader = XmlReader.Create(stream);
        return SyndicationFeed.Load(reader);
    }

    internal static readonly Lazy<JsonSchema> JsonFeedSchema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Site", "jsonfeed-1.1.schema.json"))));
}
