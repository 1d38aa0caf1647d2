using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

public sealed class HttpCachingOutputCacheOnSqlite(SqliteApiFactory factory) : HttpCachingOutputCacheTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class HttpCachingOutputCacheOnSqlServer(SqlServerApiFactory factory) : HttpCachingOutputCacheTests<SqlServerApiFactory>(factory);

/// <summary>The output cache: a repeated anonymous GET runs no SQL; requests and responses with credentials never go through it.</summary>
public abstract class HttpCachingOutputCacheTests<TFactory>(TFactory factory) : HttpCachingTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Theory]
    [MemberData(nameof(HttpCachingTestData.Endpoints), MemberType = typeof(HttpCachingTestData))]
    public async Task OutputCache_SecondIdenticalAnonymousGet_RunsNoSql(string endpoint)
    {
        var url = (await CreateScenarioAsync()).Url(endpoint);
        var first = await Client.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        Factory.Commands.Reset();
        var second = await Client.GetAsync(url, Ct);

        Assert.Equal(0, Factory.Commands.Count);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await second.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(HttpCachingTestData.CredentialHeaders), MemberType = typeof(HttpCachingTestData))]
    public async Task OutputCache_RequestWithCredentials_IsNeverServedFromTheCache(string header)
    {
        var scenario = await CreateScenarioAsync();
        foreach (var endpoint in HttpCachingTestData.EndpointNames)
        {
            var url = scenario.Url(endpoint);
            var anonymous = await GetCachedAsync(url);

            Factory.Commands.Reset();
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation(header, CredentialValue(header));
            var response = await Client.SendAsync(request, Ct);

            Assert.True(Factory.Commands.Count > 0, $"{url} with {header} was served from the output cache.");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(anonymous, await response.Content.ReadAsStringAsync(Ct));
        }
    }

    [Theory]
    [MemberData(nameof(HttpCachingTestData.CredentialHeaders), MemberType = typeof(HttpCachingTestData))]
    public async Task OutputCache_ResponseToCredentials_IsNotStoredForAnonymousReaders(string header)
    {
        var scenario = await CreateScenarioAsync();
        var url = scenario.Url("article");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation(header, CredentialValue(header));
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(request, Ct)).StatusCode);

        Factory.Commands.Reset();
        var anonymous = await Client.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.True(Factory.Commands.Count > 0, "The response to a request with credentials was stored in the output cache.");
        Assert.True(anonymous.Headers.CacheControl?.Public, anonymous.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task OutputCache_ServesEachQueryStringVariantItsOwnResponse()
    {
        var scenario = await CreateScenarioAsync();
        var article = $"/api/articles/{scenario.Article.Id}";
        await GetCachedAsync(article);

        var htmlOnly = await Client.GetFromJsonAsync<ArticleResponse>(article + "?formats=html", Ct);
        var idOnly = await Client.GetStringAsync(article + "?fields=id", Ct);

        Assert.Null(htmlOnly!.Body);
        Assert.NotNull(htmlOnly.BodyHtml);
        Assert.Equal($"{{\"id\":{scenario.Article.Id}}}", idOnly);
    }
}
