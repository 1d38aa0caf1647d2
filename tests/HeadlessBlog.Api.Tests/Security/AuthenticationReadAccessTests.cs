using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Security;

public sealed class AuthenticationReadAccessOnSqlite(SqliteApiFactory factory) : AuthenticationReadAccessTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class AuthenticationReadAccessOnSqlServer(SqlServerApiFactory factory) : AuthenticationReadAccessTests<SqlServerApiFactory>(factory);

/// <summary>Drafts and scheduled articles need a key with content:read: anonymous readers get 401 on those lists and 404 on those articles.</summary>
public abstract class AuthenticationReadAccessTests<TFactory>(TFactory factory) : AuthenticationTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Theory]
    [MemberData(nameof(SecurityTestData.NonPublicStatuses), MemberType = typeof(SecurityTestData))]
    public async Task ListNonPublic_Anonymously_Answers401Problem(string status)
    {
        var fixture = await CreateMixedArticlesAsync();

        var response = await Raw.GetAsync($"/api/articles?status={status}&tag={fixture.TagSlug}", Ct);

        await ReadProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    [Theory]
    [MemberData(nameof(SecurityTestData.NonPublicStatuses), MemberType = typeof(SecurityTestData))]
    public async Task ListNonPublic_WithReadKey_Answers200WithThoseArticles(string status)
    {
        var fixture = await CreateMixedArticlesAsync();

        var page = await ReadPageAsync(await GetWithKeyAsync($"/api/articles?status={status}&tag={fixture.TagSlug}", Factory.ReadKey));

        int[] expected = status switch
        {
            "draft" => [fixture.Draft],
            "scheduled" => [fixture.Scheduled],
            _ => [fixture.Draft, fixture.Scheduled, fixture.Published],
        };
        Assert.Equal(expected.Order(), page.Items.Select(a => a.Id).Order());
    }

    [Fact]
    public async Task ListPublished_Anonymously_ShowsOnlyVisibleArticles()
    {
        var fixture = await CreateMixedArticlesAsync();

        var page = await ReadPageAsync(await Raw.GetAsync($"/api/articles?tag={fixture.TagSlug}", Ct));
        var explicitly = await ReadPageAsync(await Raw.GetAsync($"/api/articles?status=published&tag={fixture.TagSlug}", Ct));

        Assert.Equal([fixture.Published], page.Items.Select(a => a.Id));
        Assert.Equal([fixture.Published], explicitly.Items.Select(a => a.Id));
    }

    [Theory]
    [InlineData("draft", "id")]
    [InlineData("draft", "slug")]
    [InlineData("scheduled", "id")]
    [InlineData("scheduled", "slug")]
    public async Task GetNonPublic_Anonymously_Answers404ExactlyLikeAMissingArticle(string status, string by)
    {
        var article = await CreateNonPublicAsync(status);
        var url = by == "id" ? $"/api/articles/{article.Id}" : $"/api/articles/slug/{article.Slug}";
        var missingUrl = by == "id" ? $"/api/articles/{int.MaxValue}" : $"/api/articles/slug/{Unique("missing-")}";

        var response = await Raw.GetAsync(url, Ct);
        var missing = await Raw.GetAsync(missingUrl, Ct);

        var problem = await ReadProblemAsync(response, HttpStatusCode.NotFound);
        var missingProblem = await ReadProblemAsync(missing, HttpStatusCode.NotFound);
        Assert.Equal(missingProblem.GetProperty("title").GetString(), problem.GetProperty("title").GetString());
        Assert.Equal(
            missingProblem.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal),
            problem.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(article.Title, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Null(response.Headers.ETag);
    }

    [Theory]
    [InlineData("draft", "id")]
    [InlineData("draft", "slug")]
    [InlineData("scheduled", "id")]
    [InlineData("scheduled", "slug")]
    public async Task GetNonPublic_WithReadKey_Answers200(string status, string by)
    {
        var article = await CreateNonPublicAsync(status);
        var url = by == "id" ? $"/api/articles/{article.Id}" : $"/api/articles/slug/{article.Slug}";

        var response = await GetWithKeyAsync(url, Factory.ReadKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = (await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
        Assert.Equal(article.Id, read.Id);
        Assert.Equal(status, read.Status);
    }

    [Theory]
    [InlineData("related")]
    [InlineData("suggestions")]
    public async Task SubResourcesOfADraft_Anonymously_Answer404(string sub)
    {
        var article = await CreateNonPublicAsync("draft");

        var response = await Raw.GetAsync($"/api/articles/{article.Id}/{sub}", Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
    }
}
