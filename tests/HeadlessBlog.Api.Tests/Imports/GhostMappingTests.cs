using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using HeadlessBlog.Api.Imports;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Imports;

public sealed class GhostMappingOnSqlite(ImportSqliteFactory factory) : GhostMappingTests<ImportSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class GhostMappingOnSqlServer(ImportSqlServerFactory factory) : GhostMappingTests<ImportSqlServerFactory>(factory);

/// <summary>Ghost fields the fixture does not hold: scheduled posts, internal tags, hostile HTML, blank lines in code.</summary>
public abstract class GhostMappingTests<TFactory>(TFactory factory) : ImportTestBase<TFactory>(factory)
    where TFactory : ApiFactory, IImportFactory
{
    [Fact]
    public async Task ScheduledPost_IsPublishedAtItsTime_AndDraftStaysDraft()
    {
        var (scheduled, draft) = (Unique("sched"), Unique("draft"));
        var future = Factory.Clock.GetUtcNow().UtcDateTime.AddDays(10);
        var post = GhostPost(scheduled, status: "scheduled");
        post["published_at"] = future.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

        var report = await ImportAsync(Ghost([post, GhostPost(draft, status: "draft")]));

        Assert.Equal((2, 0), (report.Created, report.Skipped.Count));
        var article = await ArticleAsync(scheduled);
        Assert.Equal("scheduled", article.Status);
        Assert.Equal(future.AddTicks(-(future.Ticks % TimeSpan.TicksPerSecond)), article.PublishedAt);
        Assert.Equal("draft", (await ArticleAsync(draft)).Status);
        Assert.Null((await ArticleAsync(draft)).PublishedAt);
    }

    [Fact]
    public async Task InternalTags_AreSkippedAndReported_OtherTagsKeepTheirOrder()
    {
        var slug = Unique("tagged");
        var (first, second) = (Unique("Tag "), Unique("Tag "));
        JsonArray tags =
        [
            new JsonObject { ["id"] = "t1", ["name"] = first, ["slug"] = Unique("first") },
            new JsonObject { ["id"] = "t2", ["name"] = "#hidden", ["slug"] = "hash-hidden", ["visibility"] = "internal" },
            new JsonObject { ["id"] = "t3", ["name"] = second, ["slug"] = Unique("second") },
        ];
        JsonArray postsTags =
        [
            new JsonObject { ["post_id"] = "id-" + slug, ["tag_id"] = "t3", ["sort_order"] = 2 },
            new JsonObject { ["post_id"] = "id-" + slug, ["tag_id"] = "t2", ["sort_order"] = 0 },
            new JsonObject { ["post_id"] = "id-" + slug, ["tag_id"] = "t1", ["sort_order"] = 1 },
        ];

        var report = await ImportAsync(Ghost([GhostPost(slug)], tags, postsTags));

        var skipped = Assert.Single(report.Skipped);
        Assert.Equal("hash-hidden", skipped.Slug);
        Assert.Contains("#hidden", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal([first, second], (await ArticleAsync(slug)).Tags.Select(t => t.Name));
    }

    [Fact]
    public async Task TagWhoseSlugIsMadeFromItsName_DoesNotTakeTheSlugOfAnotherTagOfTheFile()
    {
        var (slug, word) = (Unique("cafes"), Unique("cafe"));
        JsonArray tags =
        [
            new JsonObject { ["id"] = "t1", ["name"] = word, ["slug"] = word + "e" },
            // Not a valid slug here: one is made from the name, and the name's is the first tag's.
            new JsonObject { ["id"] = "t2", ["name"] = word + "é", ["slug"] = word + "%c3%a9" },
        ];
        JsonArray postsTags =
        [
            new JsonObject { ["post_id"] = "id-" + slug, ["tag_id"] = "t1", ["sort_order"] = 0 },
            new JsonObject { ["post_id"] = "id-" + slug, ["tag_id"] = "t2", ["sort_order"] = 1 },
        ];

        var report = await ImportAsync(Ghost([GhostPost(slug)], tags, postsTags));

        Assert.True(report.Status == ImportStatuses.Succeeded, report.Error);
        Assert.Equal(1, report.Created);
        var article = await ArticleAsync(slug);
        Assert.Equal([word, word + "é"], article.Tags.Select(t => t.Name));
        Assert.Equal([word + "e", word + "e-2"], article.Tags.Select(t => t.Slug));
    }

    [Fact]
    public async Task HostileHtml_IsSanitized_AndBlankLinesInCodeStayCode()
    {
        var slug = Unique("hostile");
        const string html = """
            <h2 id="start">Start</h2><p onclick="steal()">Click <a href="javascript:alert(1)">here</a> and <a href="https://example.org/ok">there</a>.</p>
            <script>alert('x')</script><iframe src="https://unknown.example.net/embed"></iframe>
            <img src="https://img.example.org/a.png" alt="A" onerror="steal()">
            <pre><code>first line

                indented after a blank line
            *not emphasis*</code></pre>

            <h3>After the code</h3><blockquote><p>Quoted</p></blockquote>
            """;

        await ImportAsync(Ghost([GhostPost(slug, html: html)]));

        var article = await ArticleAsync(slug);
        using var body = new HtmlParser().ParseDocument(article.BodyHtml!);
        Assert.Empty(body.QuerySelectorAll("script, iframe"));
        Assert.DoesNotContain("onclick", article.BodyHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", article.BodyHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", article.BodyHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("https://example.org/ok", body.QuerySelectorAll("a")[^1].GetAttribute("href"));
        Assert.Equal("https://img.example.org/a.png", body.QuerySelector("img")!.GetAttribute("src"));
        Assert.Equal("first line\n\n    indented after a blank line\n*not emphasis*", Assert.Single(body.QuerySelectorAll("pre")).TextContent);
        Assert.Equal("After the code", body.QuerySelector("h3")!.TextContent);
        Assert.Equal("Quoted", body.QuerySelector("blockquote p")!.TextContent);
        Assert.Empty(body.QuerySelectorAll("em"));
    }

    [Fact]
    public async Task FeatureImageWithPlaceholder_IsLeftOutWithAWarning_WithoutGhostUrl()
    {
        var slug = Unique("placeholder");
        var post = GhostPost(slug);
        post["feature_image"] = "__GHOST_URL__/content/images/cover.png";

        var report = await ImportAsync(Ghost([post]));

        Assert.Equal(1, report.Created);
        Assert.Contains(report.Warnings, w => w.Contains(slug, StringComparison.Ordinal) && w.Contains("feature_image", StringComparison.Ordinal));
        Assert.Null((await ArticleAsync(slug)).FeatureImageUrl);
    }
}

public sealed class GhostUrlOnSqlite(GhostUrlSqliteFactory factory) : GhostUrlTests<GhostUrlSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class GhostUrlOnSqlServer(GhostUrlSqlServerFactory factory) : GhostUrlTests<GhostUrlSqlServerFactory>(factory);

/// <summary>With <c>Imports:GhostUrl</c> set, the placeholder becomes the Ghost site's address everywhere.</summary>
public abstract class GhostUrlTests<TFactory>(TFactory factory) : ImportTestBase<TFactory>(factory)
    where TFactory : ApiFactory, IImportFactory
{
    [Fact]
    public async Task Placeholder_IsReplacedByGhostUrl_InBodyAndImages_WithoutWarnings()
    {
        var slug = Unique("ghosturl");
        var post = GhostPost(slug, html: """<p>See <img src="__GHOST_URL__/content/images/a.png" alt="a"></p>""");
        post["feature_image"] = "__GHOST_URL__/content/images/cover.png";

        var report = await ImportAsync(Ghost([post]));

        Assert.Empty(report.Warnings);
        var article = await ArticleAsync(slug);
        Assert.Equal("https://old.example.org/content/images/cover.png", article.FeatureImageUrl);
        Assert.Contains("src=\"https://old.example.org/content/images/a.png\"", article.BodyHtml, StringComparison.Ordinal);
    }
}
