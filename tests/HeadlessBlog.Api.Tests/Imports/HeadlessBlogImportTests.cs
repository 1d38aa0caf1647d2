using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HeadlessBlog.Api.Exports;
using HeadlessBlog.Api.Imports;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Imports;

public sealed class HeadlessBlogImportOnSqlite(ImportSqliteFactory factory) : HeadlessBlogImportTests<ImportSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class HeadlessBlogImportOnSqlServer(ImportSqlServerFactory factory) : HeadlessBlogImportTests<ImportSqlServerFactory>(factory);

/// <summary>A HeadlessBlog export restores articles with every field, tags, related links and redirects, matched by slug.</summary>
public abstract class HeadlessBlogImportTests<TFactory>(TFactory factory) : ImportTestBase<TFactory>(factory)
    where TFactory : ApiFactory, IImportFactory
{
    private static readonly DateTime Created = new(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    private static ExportArticle Article(string slug, string status, DateTime? publishedAt, ExportTagRef[] tags, string[] related) => new()
    {
        Slug = slug,
        Title = "Title of " + slug,
        Summary = "Summary of " + slug,
        Body = "# Heading\n\nSome **Markdown** of " + slug + ".",
        Status = status,
        PublishedAt = publishedAt,
        CreatedAt = Created,
        UpdatedAt = Created.AddDays(1),
        FeatureImageUrl = "https://img.example.org/" + slug + ".png",
        FeatureImageAlt = "Alt " + slug,
        FeatureImageCaption = "Photo by [Ada](https://example.org/ada)",
        MetaTitle = "Meta " + slug,
        MetaDescription = "Meta description " + slug,
        CanonicalUrl = "https://elsewhere.example.org/" + slug,
        OgImageUrl = "https://img.example.org/og-" + slug + ".png",
        OgTitle = "OG " + slug,
        OgDescription = "OG description " + slug,
        TwitterImageUrl = "https://img.example.org/tw-" + slug + ".png",
        TwitterTitle = "Twitter " + slug,
        TwitterDescription = "Twitter description " + slug,
        Tags = tags,
        Related = related,
    };

    [Fact]
    public async Task Export_RestoresEveryFieldTagsLinksAndRedirects()
    {
        var (a, b, c) = (Unique("hb"), Unique("hb"), Unique("hb"));
        var (first, second) = (new ExportTag { Name = Unique("Tag "), Slug = Unique("tag"), Description = "First tag", MetaTitle = "T1", CreatedAt = Created, UpdatedAt = Created },
            new ExportTag { Name = Unique("Tag "), Slug = Unique("tag"), CreatedAt = Created, UpdatedAt = Created });
        var refs = new[] { new ExportTagRef { Name = second.Name, Slug = second.Slug }, new ExportTagRef { Name = first.Name, Slug = first.Slug } };
        var future = Factory.Clock.GetUtcNow().UtcDateTime.AddDays(30);
        var document = new ExportDocument
        {
            Format = ExportFormat.Name,
            Version = ExportFormat.Version,
            ExportedAt = Created,
            Tags = [first, second],
            Articles =
            [
                Article(a, "published", Created, refs, [c, b]),
                Article(b, "scheduled", future.AddTicks(-(future.Ticks % TimeSpan.TicksPerSecond)), [], [a]),
                Article(c, "draft", null, [refs[1]], []),
            ],
            Redirects = [new ExportRedirect { Type = "article", From = a + "-old", To = a }, new ExportRedirect { Type = "tag", From = first.Slug + "-old", To = first.Slug }],
        };

        var report = await ImportAsync(JsonSerializer.Serialize(document, ExportJsonContext.Default.ExportDocument));

        Assert.Equal((ImportStatuses.Succeeded, ImportFormats.HeadlessBlog, 3), (report.Status, report.Format, report.Created));
        Assert.Empty(report.Skipped);
        Assert.Empty(report.Warnings);
        foreach (var expected in document.Articles)
        {
            var actual = await ArticleAsync(expected.Slug);
            Assert.Equal(
                (expected.Title, expected.Summary, expected.Body, expected.Status, expected.PublishedAt, expected.CreatedAt, expected.UpdatedAt),
                (actual.Title, actual.Summary, actual.Body, actual.Status, actual.PublishedAt, actual.CreatedAt, actual.UpdatedAt));
            Assert.Equal(
                (expected.FeatureImageUrl, expected.FeatureImageAlt, expected.FeatureImageCaption, expected.MetaTitle, expected.MetaDescription, expected.CanonicalUrl),
                (actual.FeatureImageUrl, actual.FeatureImageAlt, actual.FeatureImageCaption, actual.MetaTitle, actual.MetaDescription, actual.CanonicalUrl));
            Assert.Equal(
                (expected.OgImageUrl, expected.OgTitle, expected.OgDescription, expected.TwitterImageUrl, expected.TwitterTitle, expected.TwitterDescription),
                (actual.OgImageUrl, actual.OgTitle, actual.OgDescription, actual.TwitterImageUrl, actual.TwitterTitle, actual.TwitterDescription));
            Assert.Equal(expected.Tags.Select(t => t.Slug), actual.Tags.Select(t => t.Slug));
            Assert.Equal(expected.Related, actual.Related.Select(r => r.Slug));
        }

        var tag = (await Editor.GetFromJsonAsync<TagResponse>($"/api/tags/slug/{first.Slug}", Ct))!;
        Assert.Equal((first.Name, first.Description, first.MetaTitle), (tag.Name, tag.Description, tag.MetaTitle));
        using var noRedirects = Factory.CreateKeyClient();
        var moved = await Factory.CreateAnonymousClient(new() { AllowAutoRedirect = false }).GetAsync($"/api/articles/slug/{a}-old", Ct);
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        var movedTag = await Factory.CreateAnonymousClient(new() { AllowAutoRedirect = false }).GetAsync($"/api/tags/slug/{first.Slug}-old", Ct);
        Assert.Equal(HttpStatusCode.MovedPermanently, movedTag.StatusCode);
    }

    [Fact]
    public async Task NewerVersion_Returns422()
    {
        var response = await PostAsync(Editor, """{"format": "headlessblog", "version": 2, "exportedAt": "2026-01-01T00:00:00Z", "tags": [], "articles": [], "redirects": []}""");

        var problem = await ReadProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("version 2", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
