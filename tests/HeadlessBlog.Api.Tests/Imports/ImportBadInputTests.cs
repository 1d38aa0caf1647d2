using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using HeadlessBlog.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Tests.Imports;

public sealed class ImportBadInputOnSqlite(ImportSqliteFactory factory) : ImportBadInputTests<ImportSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ImportBadInputOnSqlServer(ImportSqlServerFactory factory) : ImportBadInputTests<ImportSqlServerFactory>(factory);

/// <summary>Files that cannot be imported are refused with a problem before any job exists; bad items are skipped and reported.</summary>
public abstract class ImportBadInputTests<TFactory>(TFactory factory) : ImportTestBase<TFactory>(factory)
    where TFactory : ApiFactory, IImportFactory
{
    private Task<int> JobCountAsync() => DbAsync(db => db.ImportJobs.CountAsync(Ct));

    private async Task AssertRefusedAsync(string content, string mediaType, string query, HttpStatusCode status, string detail)
    {
        var jobs = await JobCountAsync();

        var response = await PostAsync(Editor, content, mediaType, query);

        var problem = await ReadProblemAsync(response, status);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(jobs, await JobCountAsync());
    }

    [Fact]
    public async Task TruncatedJson_Returns400()
    {
        var file = SharedFixtures.Read("ghost-5-export.json");

        await AssertRefusedAsync(file[..(file.Length / 2)], "application/json", "", HttpStatusCode.BadRequest, "not valid JSON");
    }

    [Theory]
    [InlineData("""{"posts": [{"title": "x"}]}""")]
    [InlineData("""[1, 2, 3]""")]
    [InlineData("""{"db": [{"data": {"users": []}}]}""")]
    [InlineData("""{"format": "headlessblog", "version": 1, "articles": "not a list"}""")]
    public async Task JsonOfAnotherShape_Returns422(string json) =>
        await AssertRefusedAsync(json, "application/json", "", HttpStatusCode.UnprocessableEntity, "");

    [Fact]
    public async Task WxrWithAnExternalEntity_Returns400_WithoutReadingIt()
    {
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&secret;</title><wp:post_type>post</wp:post_type></item></channel></rss>
            """;

        await AssertRefusedAsync(xml, "application/xml", "", HttpStatusCode.BadRequest, "DTD");
    }

    [Fact]
    public async Task WxrWithABillionLaughs_Returns400()
    {
        var entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (var i = 1; i < 10; i++)
        {
            entities.Append(System.Globalization.CultureInfo.InvariantCulture, $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        }

        var xml = $"<?xml version=\"1.0\"?><!DOCTYPE rss [{entities}]><rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel><item><title>&lol9;</title></item></channel></rss>";

        await AssertRefusedAsync(xml, "text/xml", "", HttpStatusCode.BadRequest, "DTD");
    }

    [Fact]
    public async Task MalformedXml_Returns400() =>
        await AssertRefusedAsync("<rss><channel><item>", "application/xml", "", HttpStatusCode.BadRequest, "not well-formed XML");

    [Fact]
    public async Task UnknownFormat_Returns400NamingIt()
    {
        var response = await PostAsync(Editor, Ghost([GhostPost(Unique())]), query: "?format=medium");

        await AssertValidationErrorsAsync(response, "format");
    }

    [Fact]
    public async Task UnknownOnConflict_Returns400NamingIt()
    {
        var response = await PostAsync(Editor, Ghost([GhostPost(Unique())]), query: "?onConflict=overwrite");

        await AssertValidationErrorsAsync(response, "onConflict");
    }

    [Fact]
    public async Task FormatThatDoesNotMatchTheFile_Returns422() =>
        await AssertRefusedAsync(Ghost([GhostPost(Unique())]), "application/json", "?format=wordpress", HttpStatusCode.UnprocessableEntity, "XML");

    [Fact]
    public async Task OtherMediaType_Returns415() =>
        await AssertRefusedAsync(Ghost([GhostPost(Unique())]), "text/plain", "", HttpStatusCode.UnsupportedMediaType, "Content-Type");

    [Fact]
    public async Task DuplicateSlugsInTheFile_FirstIsImported_OthersSkipped()
    {
        var slug = Unique("dup");

        var report = await ImportAsync(Ghost([GhostPost(slug, "First"), GhostPost(slug, "Second")]));

        Assert.Equal((2, 2, 1), (report.Total, report.Processed, report.Created));
        var skipped = Assert.Single(report.Skipped);
        Assert.Equal(slug, skipped.Slug);
        Assert.Contains("Another article of the file", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal("First", (await ArticleAsync(slug)).Title);
    }

    [Fact]
    public async Task PostWithA600CharacterTitle_IsSkippedWithTheReason_OthersImported()
    {
        var (tooLong, fine) = (Unique("long"), Unique("fine"));

        var report = await ImportAsync(Ghost([GhostPost(tooLong, new string('x', 600)), GhostPost(fine)]));

        Assert.Equal(1, report.Created);
        var skipped = Assert.Single(report.Skipped);
        Assert.Equal(tooLong, skipped.Slug);
        Assert.Contains("'title'", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Editor.GetAsync($"/api/articles/slug/{tooLong}", Ct)).StatusCode);
        await ArticleAsync(fine);
    }

    [Fact]
    public async Task BodyOverOneMebibyte_IsAccepted_WhileOtherEndpointsKeepTheirLimit()
    {
        var slug = Unique("big");
        var file = JsonNode.Parse(Ghost([GhostPost(slug)]))!;
        file["db"]![0]!["data"]!["settings"] = new JsonArray(new JsonObject { ["value"] = new string('s', 2 * 1024 * 1024) });

        var report = await ImportAsync(file.ToJsonString());
        var article = await Editor.PostAsync("/api/articles", new StringContent($"{{\"title\":\"x\",\"body\":\"{new string('b', 2 * 1024 * 1024)}\"}}", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(1, report.Created);
        await ReadProblemAsync(article, HttpStatusCode.RequestEntityTooLarge);
    }
}

public sealed class ImportLimitOnSqlite(ImportLimitSqliteFactory factory) : ImportLimitTests<ImportLimitSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ImportLimitOnSqlServer(ImportLimitSqlServerFactory factory) : ImportLimitTests<ImportLimitSqlServerFactory>(factory);

/// <summary>An import over <c>Imports:MaxBytes</c> is refused with 413 before it is read.</summary>
public abstract class ImportLimitTests<TFactory>(TFactory factory) : ImportTestBase<TFactory>(factory)
    where TFactory : ApiFactory, IImportFactory
{

    [Fact]
    public async Task BodyOverImportsMaxBytes_Returns413()
    {
        var file = Ghost([GhostPost(Unique(), html: "<p>" + new string('x', 5000) + "</p>")]);

        var response = await PostAsync(Editor, file);

        var problem = await ReadProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("4096", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChunkedBodyOverImportsMaxBytes_Returns413()
    {
        var file = Encoding.UTF8.GetBytes(Ghost([GhostPost(Unique(), html: "<p>" + new string('x', 5000) + "</p>")]));
        using var content = new StreamContent(new MemoryStream(file));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await Editor.SendAsync(request, Ct);

        await ReadProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }
}
