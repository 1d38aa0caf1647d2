using AngleSharp.Html.Parser;
using HeadlessBlog.Api.Imports;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Imports;

public sealed class WordPressImportOnSqlite(ImportSqliteFactory factory) : WordPressImportTests<ImportSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class WordPressImportOnSqlServer(ImportSqlServerFactory factory) : WordPressImportTests<ImportSqlServerFactory>(factory);

/// <summary>A WXR 1.2 file as WordPress writes it (Imports/Files/wordpress-export.xml), imported into this class's database.</summary>
public abstract class WordPressImportTests<TFactory>(TFactory factory) : ImportTestBase<TFactory>(factory)
    where TFactory : ApiFactory, IImportFactory
{
    private static readonly string File = System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Imports", "Files", "wordpress-export.xml"));

    private Task<ImportJobResponse> ImportFileAsync() => Factory.ImportFixtureAsync(() => ImportAsync(File, "application/xml"));

    [Fact]
    public async Task Wxr_ImportsEveryPost_WithStatusDatesTagsAndFeaturedImage()
    {
        var report = await ImportFileAsync();

        Assert.Equal(ImportStatuses.Succeeded, report.Status);
        Assert.Equal(ImportFormats.WordPress, report.Format);
        Assert.Equal((5, 5, 5), (report.Total, report.Processed, report.Created));
        Assert.Equal("wp-about", Assert.Single(report.Skipped).Slug);
        Assert.Contains(report.Warnings, w => w.Contains("wp-private-notes", StringComparison.Ordinal) && w.Contains("draft", StringComparison.Ordinal));

        var rust = await ArticleAsync("wp-rust-at-work");
        Assert.Equal(("Rust at work", "published", "Why a team moved a service to Rust."), (rust.Title, rust.Status, rust.Summary));
        Assert.Equal(new DateTime(2025, 1, 6, 9, 30, 0, DateTimeKind.Utc), rust.PublishedAt);
        Assert.Equal(["WP Engineering", "WP Rust"], rust.Tags.Select(t => t.Name));
        Assert.Equal("https://press.example.org/wp-content/uploads/2025/01/cover.jpg", rust.FeatureImageUrl);

        var draft = await ArticleAsync("wp-databases-a-draft");
        Assert.Equal(("draft", null), (draft.Status, draft.PublishedAt));
        Assert.Equal(["WP Databases"], draft.Tags.Select(t => t.Name));

        var future = await ArticleAsync("wp-coming-soon");
        Assert.Equal(("scheduled", new DateTime(2099, 3, 1, 9, 0, 0, DateTimeKind.Utc)), (future.Status, future.PublishedAt));
        Assert.Equal("draft", (await ArticleAsync("wp-private-notes")).Status);
        Assert.Equal("WP Untitled slug post", (await ArticleAsync("wp-untitled-slug-post")).Title);
    }

    [Fact]
    public async Task Wxr_Body_LosesTheBlockComments_AndKeepsItsHtml()
    {
        await ImportFileAsync();

        var rust = await ArticleAsync("wp-rust-at-work");
        Assert.DoesNotContain("wp:", rust.Body, StringComparison.Ordinal);
        using var html = new HtmlParser().ParseDocument(rust.BodyHtml!);
        Assert.Equal("Why Rust", html.QuerySelector("h2")!.TextContent);
        Assert.Equal("https://www.rust-lang.org", html.QuerySelector("p a")!.GetAttribute("href"));
        Assert.Equal(2, html.QuerySelectorAll("ul li").Length);
        Assert.Equal("fn main() {\n\n    println!(\"hello\");\n}", Assert.Single(html.QuerySelectorAll("pre code")).TextContent);
        Assert.Equal("Fearless concurrency.", html.QuerySelector("blockquote p")!.TextContent.Trim());
        Assert.Equal("A crab", html.QuerySelector("figure img")!.GetAttribute("alt"));
    }
}
