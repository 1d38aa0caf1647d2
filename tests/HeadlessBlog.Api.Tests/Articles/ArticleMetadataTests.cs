using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Api.Tests.Revisions;
using HeadlessBlog.Api.Tests.Site;

namespace HeadlessBlog.Api.Tests.Articles;

public sealed class ArticleMetadataOnSqlite(SiteSqliteFactory factory) : ArticleMetadataTests<SiteSqliteFactory>(factory);

public sealed class ArticleMetadataOnSqlServer(SiteSqlServerFactory factory) : ArticleMetadataTests<SiteSqlServerFactory>(factory);

/// <summary>SEO and social metadata, alt text and caption: stored, validated, returned, and folded into <c>seo</c>.</summary>
public abstract class ArticleMetadataTests<TFactory>(TFactory factory) : RevisionTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    private static JsonObject Full(string title) => new()
    {
        ["title"] = title,
        ["body"] = "Body text.",
        ["summary"] = "The summary.",
        ["status"] = "published",
        ["featureImageUrl"] = "https://cdn.example/feature.jpg",
        ["featureImageAlt"] = "A lighthouse at dusk",
        ["featureImageCaption"] = "Photo by [Ana](https://ana.example) <script>alert(1)</script>*CC-BY*",
        ["metaTitle"] = "Meta title",
        ["metaDescription"] = "Meta description",
        ["canonicalUrl"] = "https://elsewhere.example/original",
        ["ogImageUrl"] = "https://cdn.example/og.jpg",
        ["ogTitle"] = "OG title",
        ["ogDescription"] = "OG description",
        ["twitterImageUrl"] = "https://cdn.example/tw.jpg",
        ["twitterTitle"] = "Twitter title",
        ["twitterDescription"] = "Twitter description",
    };

    [Fact]
    public async Task Create_WithEveryField_ReturnsThemOnReads_AndTheCaptionAsSafeInlineHtml()
    {
        var request = Full(Unique("Meta "));
        var created = await CreateArticleAsync(request);

        var json = JsonNode.Parse(await Client.GetStringAsync($"/api/articles/{created.Id}", Ct))!;

        foreach (var (name, value) in request.Where(p => p.Key is not ("status" or "body" or "summary" or "title")))
        {
            Assert.Equal(value!.GetValue<string>(), json[name]!.GetValue<string>());
        }

        var caption = json["featureImageCaptionHtml"]!.GetValue<string>();
        Assert.StartsWith("Photo by <a href=\"https://ana.example\">Ana</a>", caption, StringComparison.Ordinal);
        Assert.Contains("<em>CC-BY</em>", caption, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", caption, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<p>", caption, StringComparison.Ordinal);
        var seo = json["seo"]!;
        Assert.Equal(("Meta title", "Meta description", "https://elsewhere.example/original"),
            (seo["title"]!.GetValue<string>(), seo["description"]!.GetValue<string>(), seo["canonicalUrl"]!.GetValue<string>()));
        Assert.Equal(("OG title", "OG description", "https://cdn.example/og.jpg"), Card(seo["og"]!));
        Assert.Equal(("Twitter title", "Twitter description", "https://cdn.example/tw.jpg"), Card(seo["twitter"]!));
        Assert.Equal("A lighthouse at dusk", seo["imageAlt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Seo_WithoutMetadata_FallsBackToTheTitleTheSummaryTheSiteUrlAndTheFeatureImage()
    {
        var created = await CreateArticleAsync(new
        {
            title = Unique("Plain "),
            body = "Body text.",
            summary = "The summary.",
            status = "published",
            featureImageUrl = "https://cdn.example/feature.jpg",
        });

        var seo = (await Client.GetFromJsonAsync<ArticleResponse>($"/api/articles/{created.Id}", Ct))!.Seo!;

        Assert.Equal((created.Title, "The summary.", SiteHost.ArticleUrl(created.Slug), "https://cdn.example/feature.jpg"),
            (seo.Title, seo.Description, seo.CanonicalUrl, seo.Image));
        Assert.Equal(new SocialCard(created.Title, "The summary.", "https://cdn.example/feature.jpg"), seo.Og);
        Assert.Equal(seo.Og, seo.Twitter);
    }

    [Fact]
    public async Task Seo_WithoutASummary_DescribesTheArticleWithItsExcerpt_AndCardsTakeTheMetaValues()
    {
        var created = await CreateArticleAsync(new { title = Unique("Plain "), body = "First words of the body.", status = "published", metaTitle = "Meta" });

        var seo = (await Client.GetFromJsonAsync<ArticleResponse>($"/api/articles/slug/{created.Slug}", Ct))!.Seo!;

        Assert.Equal(("Meta", created.Excerpt, null), (seo.Title, seo.Description, seo.Image));
        Assert.Equal(new SocialCard("Meta", created.Excerpt, null), seo.Og);
    }

    [Fact]
    public async Task Create_WithEveryFieldBad_Returns400NamingEachOfThem()
    {
        var request = new JsonObject
        {
            ["title"] = Unique("Bad "),
            ["body"] = "x",
            ["metaTitle"] = new string('t', 301),
            ["metaDescription"] = new string('d', 501),
            ["canonicalUrl"] = "/relative/path",
            ["ogImageUrl"] = "ftp://cdn.example/og.jpg",
            ["ogTitle"] = new string('t', 301),
            ["ogDescription"] = new string('d', 501),
            ["twitterImageUrl"] = "javascript:alert(1)",
            ["twitterTitle"] = new string('t', 301),
            ["twitterDescription"] = new string('d', 501),
            ["featureImageAlt"] = new string('a', 501),
            ["featureImageCaption"] = new string('c', 1001),
        };

        var response = await Client.PostAsJsonAsync("/api/articles", request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors");
        Assert.Equal(
            request.Select(p => p.Key).Where(k => k is not ("title" or "body")).Order(StringComparer.Ordinal),
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Summaries_CarryTheFeatureImagesAltText()
    {
        var tag = await CreateTagAsync();
        var request = Full(Unique("Card "));
        request["tags"] = new JsonArray(tag.Name);
        await CreateArticleAsync(request);

        var list = await Client.GetStringAsync($"/api/articles?tag={tag.Slug}", Ct);

        Assert.Contains("\"featureImageAlt\":\"A lighthouse at dusk\"", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tag_MetadataRoundTrips_AndIsValidated()
    {
        var created = await Client.PostAsJsonAsync("/api/tags", new
        {
            name = Unique("Tag "),
            metaTitle = "Tag meta",
            metaDescription = "About the tag",
            featureImageUrl = "https://cdn.example/tag.jpg",
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var tag = (await created.Content.ReadFromJsonAsync<TagResponse>(Ct))!;

        var read = (await Client.GetFromJsonAsync<TagResponse>($"/api/tags/{tag.Id}", Ct))!;

        Assert.Equal(("Tag meta", "About the tag", "https://cdn.example/tag.jpg"), (read.MetaTitle, read.MetaDescription, read.FeatureImageUrl));
        var bad = await Client.PostAsJsonAsync("/api/tags", new { name = Unique("Tag "), metaTitle = new string('t', 301), featureImageUrl = "relative.jpg" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var body = await bad.Content.ReadAsStringAsync(Ct);
        Assert.Contains("\"metaTitle\"", body, StringComparison.Ordinal);
        Assert.Contains("\"featureImageUrl\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetadataEdit_IsARevisionNamingItsFields_AndRestoreBringsTheValuesBack()
    {
        var created = await CreateArticleAsync(Full(Unique("Revised ")));
        var edited = Full(created.Title);
        edited["metaTitle"] = "Another meta title";
        edited.Remove("ogImageUrl");
        await PutAsync(created.Id, edited);

        var newest = (await RevisionsAsync(created.Id))[0];
        Assert.Equal(["metaTitle", "ogImageUrl"], newest.ChangedFields.Order(StringComparer.Ordinal));

        var current = await Client.GetAsync($"/api/articles/{created.Id}", Ct);
        var restored = await RestoreAsync(created.Id, 1, current.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        var article = (await Client.GetFromJsonAsync<ArticleResponse>($"/api/articles/{created.Id}", Ct))!;
        Assert.Equal(("Meta title", "https://cdn.example/og.jpg"), (article.MetaTitle, article.OgImageUrl));
    }

    private static (string, string, string) Card(JsonNode card) =>
        (card["title"]!.GetValue<string>(), card["description"]!.GetValue<string>(), card["image"]!.GetValue<string>());
}
