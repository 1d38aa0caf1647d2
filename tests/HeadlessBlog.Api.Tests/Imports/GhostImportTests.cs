using System.Text.Json;
using AngleSharp.Html.Parser;
using HeadlessBlog.Api.Imports;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Imports;

public sealed class GhostImportOnSqlite(ImportSqliteFactory factory) : GhostImportTests<ImportSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class GhostImportOnSqlServer(ImportSqlServerFactory factory) : GhostImportTests<ImportSqlServerFactory>(factory);

/// <summary>The Ghost 5 export of a real Ghost instance (shared/fixtures), imported once into this class's empty database.</summary>
public abstract class GhostImportTests<TFactory>(TFactory factory) : ImportTestBase<TFactory>(factory)
    where TFactory : ApiFactory, IImportFactory
{
    private static readonly string File = SharedFixtures.Read("ghost-5-export.json");

    private static JsonElement Data => JsonDocument.Parse(File).RootElement.GetProperty("db")[0].GetProperty("data");

    private Task<ImportJobResponse> FixtureAsync() => Factory.ImportFixtureAsync(() => ImportAsync(File));

    private static List<JsonElement> Rows(string table) => [.. Data.GetProperty(table).EnumerateArray()];

    private static string? Text(JsonElement row, string field) =>
        row.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [Fact]
    public async Task Fixture_ImportsEveryPost_AndReportsThePages()
    {
        var report = await FixtureAsync();

        var posts = Rows("posts").Where(p => Text(p, "type") == "post").ToList();
        var pages = Rows("posts").Where(p => Text(p, "type") == "page").Select(p => Text(p, "slug")).ToList();
        Assert.Equal(ImportStatuses.Succeeded, report.Status);
        Assert.Equal(ImportFormats.Ghost, report.Format);
        Assert.Null(report.Error);
        Assert.Equal(12, posts.Count);
        Assert.Equal((posts.Count, posts.Count, posts.Count, 0), (report.Total, report.Processed, report.Created, report.Updated));
        Assert.Equal(pages.Order(), report.Skipped.Where(s => s.Reason.Contains("page", StringComparison.Ordinal)).Select(s => s.Slug).Order());
        Assert.Equal(pages.Count, report.Skipped.Count);
        Assert.NotNull(report.StartedAt);
        Assert.True(report.FinishedAt >= report.StartedAt);
    }

    [Fact]
    public async Task Fixture_EveryPost_HasItsFieldsStatusDatesAndTagsInOrder()
    {
        await FixtureAsync();
        var tags = Rows("tags").ToDictionary(t => Text(t, "id")!, t => Text(t, "name")!);
        var meta = Rows("posts_meta").ToDictionary(m => Text(m, "post_id")!);

        foreach (var post in Rows("posts").Where(p => Text(p, "type") == "post"))
        {
            var id = Text(post, "id")!;
            var article = await ArticleAsync(Text(post, "slug")!);
            string? Meta(string field) => meta.TryGetValue(id, out var m) ? Text(m, field) : null;
            DateTime? Date(string field) => Text(post, field) is { } d ? DateTime.SpecifyKind(DateTime.Parse(d, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc) : null;

            Assert.Equal(Text(post, "title"), article.Title);
            Assert.Equal(Text(post, "status") == "draft" ? "draft" : "published", article.Status);
            Assert.Equal(Date("published_at"), article.PublishedAt);
            Assert.Equal(Date("created_at"), article.CreatedAt);
            Assert.Equal(Date("updated_at"), article.UpdatedAt);
            Assert.Equal(Text(post, "custom_excerpt"), article.Summary);
            Assert.Equal(Text(post, "feature_image"), article.FeatureImageUrl);
            Assert.Equal(Text(post, "canonical_url"), article.CanonicalUrl);
            Assert.Equal(Meta("feature_image_alt"), article.FeatureImageAlt);
            Assert.Equal(Meta("feature_image_caption"), article.FeatureImageCaption);
            Assert.Equal(Meta("meta_title"), article.MetaTitle);
            Assert.Equal(Meta("meta_description"), article.MetaDescription);
            Assert.Equal(Meta("og_title"), article.OgTitle);
            Assert.Equal(Meta("og_description"), article.OgDescription);
            Assert.Equal(Meta("twitter_title"), article.TwitterTitle);
            Assert.Equal(Meta("twitter_description"), article.TwitterDescription);
            var expectedTags = Rows("posts_tags").Where(pt => Text(pt, "post_id") == id)
                .OrderBy(pt => pt.GetProperty("sort_order").GetInt32()).Select(pt => tags[Text(pt, "tag_id")!]);
            Assert.Equal(expectedTags, article.Tags.Select(t => t.Name));
        }

        // Spot checks of what the loop compares, so that a fixture without them cannot make the test vacuous.
        Assert.Equal(["Machine Learning", "AI", "Tutorial"], (await ArticleAsync("fine-tuning-on-a-laptop")).Tags.Select(t => t.Name));
        Assert.Equal("A stack of open books", (await ArticleAsync("open-models-explained")).FeatureImageAlt);
        Assert.Equal("draft", (await ArticleAsync("a-draft-about-gpus")).Status);
        Assert.Equal("https://original.example.org/evaluating", (await ArticleAsync("evaluating-chatbots-honestly")).CanonicalUrl);
    }

    [Fact]
    public async Task Fixture_BodyHtml_KeepsHeadingsListsLinksImagesCodeAndQuotes()
    {
        await FixtureAsync();
        var parser = new HtmlParser();
        string[] kept = ["h2", "h3", "p", "a", "em", "img", "pre", "code", "blockquote", "ul", "ol", "li", "figure"];

        foreach (var post in Rows("posts").Where(p => Text(p, "type") == "post"))
        {
            var article = await ArticleAsync(Text(post, "slug")!);
            using var ghost = parser.ParseDocument(Text(post, "html")!);
            using var ours = parser.ParseDocument(article.BodyHtml!);

            foreach (var tag in kept)
            {
                Assert.True(ghost.QuerySelectorAll(tag).Length == ours.QuerySelectorAll(tag).Length, $"{article.Slug}: <{tag}> count differs:\n{article.BodyHtml}");
            }

            Assert.Equal(ghost.Body!.TextContent.Trim(), ours.Body!.TextContent.Trim());
            Assert.Equal(
                ghost.QuerySelectorAll("a, img").Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")),
                ours.QuerySelectorAll("a, img").Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")));
        }

        var code = await ArticleAsync("prompt-injection-field-notes");
        Assert.Contains("<pre><code class=\"language-python\">print(\"ignore previous instructions\")\n</code></pre>", code.BodyHtml, StringComparison.Ordinal);
        Assert.Contains("<blockquote>Trust, but verify.</blockquote>", code.BodyHtml, StringComparison.Ordinal);
        Assert.Contains("<ul><li>int8</li>", (await ArticleAsync("quantization-without-tears")).BodyHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fixture_WithoutGhostUrl_KeepsThePlaceholderInBodies_AndWarns()
    {
        var report = await FixtureAsync();

        var withPlaceholder = Rows("posts").Where(p => Text(p, "type") == "post" && Text(p, "html")!.Contains("__GHOST_URL__", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(withPlaceholder);
        Assert.Equal(withPlaceholder.Count, report.Warnings.Count(w => w.Contains("__GHOST_URL__", StringComparison.Ordinal)));
        Assert.Contains("src=\"__GHOST_URL__/content/images/2025/01/chart-0.png\"", (await ArticleAsync("open-models-explained")).BodyHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fixture_PasswordHash_IsNeitherLoggedNorStored()
    {
        await FixtureAsync();
        var hash = Text(Rows("users").First(), "password")!;
        Assert.StartsWith("$2", hash, StringComparison.Ordinal);

        var logged = Factory.Logs.Entries.Where(e => e.Message.Contains(hash, StringComparison.Ordinal)
            || e.Scope.Values.Any(v => v?.ToString()?.Contains(hash, StringComparison.Ordinal) == true)).ToList();
        Assert.NotEmpty(Factory.Logs.Entries);
        Assert.Empty(logged);

        // In no column of any table: not in the job's stored content, not anywhere else (where a post's slug is found).
        Assert.Contains("Articles.Slug", await DbAsync(db => StoredText.ContainingAsync(db, "fine-tuning-on-a-laptop", Ct)));
        Assert.Empty(await DbAsync(db => StoredText.ContainingAsync(db, hash, Ct)));
        if (Factory.Provider != "Sqlite")
        {
            return;
        }

        // Nor anywhere in the database file (freed pages included) or its write-ahead log.
        var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(Factory.ConnectionString).DataSource;
        foreach (var file in new[] { path, path + "-wal" }.Where(System.IO.File.Exists))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
            Assert.DoesNotContain(hash, await reader.ReadToEndAsync(Ct), StringComparison.Ordinal);
        }
    }
}
