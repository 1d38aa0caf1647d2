using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HeadlessBlog.Api.Tests.Articles;

public sealed class PreviewOnSqlite(PreviewSqliteFactory factory) : PreviewTests<PreviewSqliteFactory>(factory);

public sealed class PreviewOnSqlServer(PreviewSqlServerFactory factory) : PreviewTests<PreviewSqlServerFactory>(factory);

/// <summary>What a preview host adds: the frontend's draft route, and every log line of every level captured.</summary>
internal static class PreviewHost
{
    public const string UrlTemplate = "https://blog.example/api/draft?token={token}&slug={slug}";

    public static Dictionary<string, string?> Settings() => new()
    {
        ["Preview:UrlTemplate"] = UrlTemplate,
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Trace",
    };

    public static void Configure(IWebHostBuilder builder, CapturedLogs logs) =>
        builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(logs));
}

public interface ILoggingHost
{
    CapturedLogs Logs { get; }
}

public class PreviewSqliteFactory : SqliteApiFactory, ILoggingHost
{
    public CapturedLogs Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => PreviewHost.Settings();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        PreviewHost.Configure(builder, Logs);
    }
}

public class PreviewSqlServerFactory(SqlServerContainer container) : SqlServerApiFactory(container), ILoggingHost
{
    public CapturedLogs Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => PreviewHost.Settings();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        PreviewHost.Configure(builder, Logs);
    }
}

/// <summary>Draft previews: a link per article, read with its token while it works, never cached, never logged.</summary>
public abstract class PreviewTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory, ILoggingHost
{
    [Fact]
    public async Task Preview_OfADraft_ShowsItAsItIsNow_PrivatelyAndUnindexed_WhileReadersStillGet404()
    {
        var draft = await CreateArticleAsync(new { title = Unique("Draft "), body = "First *draft*.", status = "draft" });
        var link = await CreateLinkAsync(draft.Id);
        Assert.Equal(
            PreviewHost.UrlTemplate.Replace("{token}", link.Token, StringComparison.Ordinal).Replace("{slug}", draft.Slug, StringComparison.Ordinal),
            link.Url);

        var preview = await PreviewAsync(link.Token);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal(draft.Title, (await preview.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!.Title);
        Assert.True(preview.Headers.CacheControl is { Private: true, NoStore: true }, preview.Headers.CacheControl?.ToString());
        Assert.Contains("noindex", preview.Headers.GetValues("X-Robots-Tag").Single(), StringComparison.Ordinal);

        var edited = draft.Title + " (edited)";
        await PutAsync(draft.Id, new { title = edited, body = "Second draft.", status = "draft" });
        Assert.Equal(edited, (await (await PreviewAsync(link.Token)).Content.ReadFromJsonAsync<ArticleResponse>(Ct))!.Title);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/articles/{draft.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/articles/slug/{draft.Slug}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Preview_WithFormatsAndFields_ShapesTheArticleAsTheArticleReadDoes()
    {
        var draft = await CreateArticleAsync(new { title = Unique("Draft "), body = "Some **bold** text.", status = "draft" });
        var link = await CreateLinkAsync(draft.Id);

        var body = await (await PreviewAsync(link.Token, "?formats=html&fields=id,title,bodyHtml")).Content.ReadAsStringAsync(Ct);

        Assert.Contains("<strong>bold</strong>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"body\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"slug\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_AfterItExpires_Returns404()
    {
        var draft = await CreateArticleAsync(new { title = Unique("Draft "), body = "x", status = "draft" });
        var link = await CreateLinkAsync(draft.Id, expiresInHours: 1);
        Assert.Equal(HttpStatusCode.OK, (await PreviewAsync(link.Token)).StatusCode);

        Factory.Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(HttpStatusCode.NotFound, (await PreviewAsync(link.Token)).StatusCode);
        Assert.DoesNotContain(await ListAsync(draft.Id), l => l.Id == link.Id);
    }

    [Fact]
    public async Task Preview_Revoked_Returns404AtOnce_AndListsNeverShowTokens()
    {
        var draft = await CreateArticleAsync(new { title = Unique("Draft "), body = "x", status = "draft" });
        var kept = await CreateLinkAsync(draft.Id);
        var revoked = await CreateLinkAsync(draft.Id);
        Assert.Equal(HttpStatusCode.OK, (await PreviewAsync(revoked.Token)).StatusCode);
        var listed = await Editor.GetStringAsync($"/api/articles/{draft.Id}/preview-links", Ct);
        Assert.DoesNotContain(kept.Token, listed, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await Editor.DeleteAsync($"/api/articles/{draft.Id}/preview-links/{revoked.Id}", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await PreviewAsync(revoked.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PreviewAsync(kept.Token)).StatusCode);
        Assert.Equal([kept.Id], (await ListAsync(draft.Id)).Select(l => l.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await Editor.DeleteAsync($"/api/articles/{draft.Id}/preview-links/{revoked.Id}", Ct)).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("prv_")]
    [InlineData("prv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("prv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%A")]
    [InlineData("xyz_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("' OR 1=1 --")]
    public async Task Preview_WithAnUnknownOrMalformedToken_Returns404Problem(string? token)
    {
        var response = await PreviewAsync(token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl is { Private: true, NoStore: true }, response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Preview_OfAPublishedArticle_DoesNotReachTheOutputCache()
    {
        var article = await CreatePublishedArticleAsync();
        var link = await CreateLinkAsync(article.Id);
        Assert.Equal(HttpStatusCode.OK, (await PreviewAsync(link.Token)).StatusCode);
        await PutAsync(article.Id, new { title = article.Title, body = "b", status = "draft" });

        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/articles/{article.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PreviewAsync(link.Token)).StatusCode);
    }

    [Fact]
    public async Task Token_NeverAppearsInAnyLogLine()
    {
        var draft = await CreateArticleAsync(new { title = Unique("Draft "), body = "x", status = "draft" });
        var link = await CreateLinkAsync(draft.Id);
        await PreviewAsync(link.Token);
        await Editor.DeleteAsync($"/api/articles/{draft.Id}/preview-links/{link.Id}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, (await PreviewAsync(link.Token)).StatusCode);

        var lines = Factory.Logs.Entries.ToList();
        Assert.Contains(lines, e => e.Category.StartsWith("Microsoft.AspNetCore.Hosting", StringComparison.Ordinal)); // everything is captured
        Assert.DoesNotContain(lines, e => e.Message.Contains(link.Token, StringComparison.Ordinal)
            || e.Scope.Values.Any(v => v?.ToString()?.Contains(link.Token, StringComparison.Ordinal) == true));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(169)]
    [InlineData(-5)]
    public async Task Create_WithExpiryOutOfRange_Returns400NamingExpiresInHours(int hours)
    {
        var draft = await CreateArticleAsync(new { title = Unique("Draft "), body = "x", status = "draft" });

        var response = await Editor.PostAsJsonAsync($"/api/articles/{draft.Id}/preview-links", new { expiresInHours = hours }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("expiresInHours", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ForAnUnknownArticle_Returns404_AndWithoutAKey_401()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Editor.PostAsJsonAsync("/api/articles/2147480000/preview-links", new { }, Ct)).StatusCode);
        var draft = await CreateArticleAsync(new { title = Unique("Draft "), body = "x", status = "draft" });
        using var anonymous = Factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"/api/articles/{draft.Id}/preview-links", new { }, Ct)).StatusCode);
    }

    private async Task<PreviewLinkCreated> CreateLinkAsync(int articleId, int? expiresInHours = null)
    {
        var response = await Editor.PostAsJsonAsync($"/api/articles/{articleId}/preview-links", new { expiresInHours }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<PreviewLinkCreated>(Ct))!;
    }

    private async Task<List<PreviewLinkResponse>> ListAsync(int articleId) =>
        (await Editor.GetFromJsonAsync<List<PreviewLinkResponse>>($"/api/articles/{articleId}/preview-links", Ct))!;

    private async Task<HttpResponseMessage> PreviewAsync(string? token, string query = "")
    {
        using var anonymous = Factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/preview" + query);
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation(ArticlePreviews.PreviewTokenHeader, token);
        }

        return await anonymous.SendAsync(request, Ct);
    }
}
