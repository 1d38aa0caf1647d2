using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Exports;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Data;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Exports;

public sealed class ExportOnSqlite(SqliteApiFactory factory) : ExportTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ExportOnSqlServer(SqlServerApiFactory factory) : ExportTests<SqlServerApiFactory>(factory);

/// <summary>GET /api/export: every article (drafts and scheduled too) with every field, tags, related links and redirects.</summary>
public abstract class ExportTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    /// <summary>The export as a key with content:read gets it, asserting a 200 download.</summary>
    protected async Task<ExportDocument> ExportAsync()
    {
        using var response = await Factory.CreateKeyClient(Factory.ReadKey).GetAsync("/api/export", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Matches(@"^headlessblog-export-\d{8}T\d{6}Z\.json$", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var document = await response.Content.ReadFromJsonAsync(ExportJsonContext.Default.ExportDocument, Ct);
        return document!;
    }

    [Fact]
    public async Task Export_HasTheFormatAndVersion_AndIsNotCached()
    {
        _ = Client;
        var before = Factory.Clock.GetUtcNow().UtcDateTime;
        var first = await ExportAsync();
        var article = await CreatePublishedArticleAsync();

        using var response = await Factory.CreateKeyClient(Factory.ReadKey).GetAsync("/api/export", Ct);
        var second = (await response.Content.ReadFromJsonAsync(ExportJsonContext.Default.ExportDocument, Ct))!;

        Assert.Equal(("headlessblog", 1), (first.Format, first.Version));
        Assert.InRange(first.ExportedAt, before, Factory.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal(DateTimeKind.Utc, first.ExportedAt.Kind);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.DoesNotContain(first.Articles, a => a.Slug == article.Slug);
        Assert.Contains(second.Articles, a => a.Slug == article.Slug);
    }

    [Fact]
    public async Task Export_HasEveryArticle_DraftsAndScheduledToo_WithEveryField()
    {
        var tags = new[] { Unique("Second "), Unique("First ") };
        var draft = await CreateArticleAsync(new { title = Unique("Draft "), body = "Draft *body*.", summary = "A draft.", tags = new[] { tags[1] } });
        var scheduled = await CreateArticleAsync(new
        {
            title = Unique("Scheduled "),
            body = "Later.",
            status = "published",
            publishedAt = Factory.Clock.GetUtcNow().AddDays(2),
        });
        var full = await CreateArticleAsync(new
        {
            title = Unique("Café déjà vu "),
            summary = "Everything an article has.",
            body = "# Hello\n\nWritten in **Markdown**, 日本語 too.",
            status = "published",
            publishedAt = Factory.Clock.GetUtcNow().AddDays(-3),
            featureImageUrl = "https://img.example.com/cafe.jpg",
            featureImageAlt = "A cup of coffee",
            featureImageCaption = "Photo by [Ada](https://example.com/ada)",
            metaTitle = "Meta title",
            metaDescription = "Meta description",
            canonicalUrl = "https://elsewhere.example.com/cafe",
            ogImageUrl = "https://img.example.com/og.jpg",
            ogTitle = "OG title",
            ogDescription = "OG description",
            twitterImageUrl = "https://img.example.com/tw.jpg",
            twitterTitle = "Twitter title",
            twitterDescription = "Twitter description",
            tags,
            relatedArticleIds = new[] { scheduled.Id, draft.Id },
        });
        var read = await Editor.GetFromJsonAsync<ArticleResponse>($"/api/articles/{full.Id}", Ct);

        var document = await ExportAsync();

        var exported = Assert.Single(document.Articles, a => a.Slug == full.Slug);
        Assert.Equal(read!.Title, exported.Title);
        Assert.Equal(read.Summary, exported.Summary);
        Assert.Equal(read.Body, exported.Body);
        Assert.Equal("published", exported.Status);
        Assert.Equal(read.PublishedAt, exported.PublishedAt);
        Assert.Equal(read.CreatedAt, exported.CreatedAt);
        Assert.Equal(read.UpdatedAt, exported.UpdatedAt);
        Assert.Equal(
            new[] { read.FeatureImageUrl, read.FeatureImageAlt, read.FeatureImageCaption, read.MetaTitle, read.MetaDescription, read.CanonicalUrl,
                read.OgImageUrl, read.OgTitle, read.OgDescription, read.TwitterImageUrl, read.TwitterTitle, read.TwitterDescription },
            new[] { exported.FeatureImageUrl, exported.FeatureImageAlt, exported.FeatureImageCaption, exported.MetaTitle, exported.MetaDescription,
                exported.CanonicalUrl, exported.OgImageUrl, exported.OgTitle, exported.OgDescription, exported.TwitterImageUrl, exported.TwitterTitle,
                exported.TwitterDescription });
        Assert.All(ArticleMetadata.Properties, p => Assert.NotNull(typeof(ExportArticle).GetProperty(p)!.GetValue(exported)));
        Assert.Equal(read.Tags.Select(t => (t.Name, t.Slug)), exported.Tags.Select(t => (t.Name, t.Slug)));
        Assert.Equal(tags, exported.Tags.Select(t => t.Name));
        Assert.Equal([scheduled.Slug, draft.Slug], exported.Related);

        var exportedDraft = Assert.Single(document.Articles, a => a.Slug == draft.Slug);
        Assert.Equal(("draft", "Draft *body*.", "A draft.", (DateTime?)null), (exportedDraft.Status, exportedDraft.Body, exportedDraft.Summary, exportedDraft.PublishedAt));
        Assert.Equal([tags[1]], exportedDraft.Tags.Select(t => t.Name));
        var exportedScheduled = Assert.Single(document.Articles, a => a.Slug == scheduled.Slug);
        Assert.Equal(("scheduled", scheduled.PublishedAt), (exportedScheduled.Status, exportedScheduled.PublishedAt));
        Assert.Empty(exportedScheduled.Tags);
        Assert.Empty(exportedScheduled.Related);
        Assert.All(exported.Tags, t => Assert.Contains(document.Tags, d => d.Slug == t.Slug));
    }

    [Fact]
    public void ExportArticle_HasEveryMetadataField()
    {
        var missing = ArticleMetadata.Properties.Where(p => typeof(ExportArticle).GetProperty(p) is null).ToList();

        Assert.True(missing.Count == 0, "Not in the export format: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Export_HasEveryTagWithEveryField()
    {
        var created = await Client.PostAsJsonAsync("/api/tags", new
        {
            name = Unique("Open Models "),
            description = "Models whose weights you can download.",
            metaTitle = "Open models",
            metaDescription = "All about open models.",
            featureImageUrl = "https://img.example.com/open.png",
        }, Ct);
        var tag = (await created.Content.ReadFromJsonAsync<HeadlessBlog.Api.Tags.TagResponse>(Ct))!;
        var unused = await CreateTagAsync();

        var document = await ExportAsync();

        var exported = Assert.Single(document.Tags, t => t.Slug == tag.Slug);
        Assert.Equal(
            (tag.Name, tag.Description, tag.MetaTitle, tag.MetaDescription, tag.FeatureImageUrl, tag.CreatedAt, tag.UpdatedAt),
            (exported.Name, exported.Description, exported.MetaTitle, exported.MetaDescription, exported.FeatureImageUrl, exported.CreatedAt, exported.UpdatedAt));
        Assert.Contains(document.Tags, t => t.Slug == unused.Slug);
        var order = document.Tags.Select(t => t.Slug).ToList();
        Assert.True(order.IndexOf(tag.Slug) < order.IndexOf(unused.Slug), "Tags come in the order they were created.");
    }

    [Fact]
    public async Task Export_AfterRenames_ListsTheOldSlugsAsRedirects()
    {
        var article = await CreatePublishedArticleAsync();
        var tag = await CreateTagAsync();
        var newArticleSlug = Unique("renamed-article-");
        var newTagSlug = Unique("renamed-tag-");
        await PutAsync(article.Id, new { title = article.Title, slug = newArticleSlug, body = "Body.", status = "published" });
        var renamed = await Client.PutAsJsonAsync($"/api/tags/{tag.Id}", new { name = tag.Name, slug = newTagSlug }, Ct);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);

        var document = await ExportAsync();

        Assert.Contains(new ExportRedirect { Type = "article", From = article.Slug, To = newArticleSlug }, document.Redirects);
        Assert.Contains(new ExportRedirect { Type = "tag", From = tag.Slug, To = newTagSlug }, document.Redirects);
        Assert.Contains(document.Articles, a => a.Slug == newArticleSlug);
    }

    [Fact]
    public async Task Export_WritesOptionalFieldsAsNull_AndTextUnescaped()
    {
        var article = await CreateArticleAsync(new { title = Unique("Plain 日本語 "), body = "Body." });

        using var response = await Factory.CreateKeyClient(Factory.ReadKey).GetAsync("/api/export", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        var element = JsonDocument.Parse(text).RootElement.GetProperty("articles").EnumerateArray()
            .Single(a => a.GetProperty("slug").GetString() == article.Slug);
        Assert.Equal(JsonValueKind.Null, element.GetProperty("twitterDescription").ValueKind);
        Assert.Equal(JsonValueKind.Null, element.GetProperty("summary").ValueKind);
        Assert.Contains(article.Title, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_WithoutAKey_Returns401()
    {
        using var response = await Factory.CreateAnonymousClient().GetAsync("/api/export", Ct);

        await ReadProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Export_WithAKeyWithoutContentRead_Returns403()
    {
        _ = Client;
        string key;
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
            var (entity, created) = ApiKeys.Create(Unique("Hooks "), [Scopes.ManageWebhooks], Factory.Clock.GetUtcNow().UtcDateTime);
            db.ApiKeys.Add(entity);
            await db.SaveChangesAsync(Ct);
            key = created;
        }

        using var response = await Factory.CreateKeyClient(key).GetAsync("/api/export", Ct);

        await ReadProblemAsync(response, HttpStatusCode.Forbidden);
    }
}
