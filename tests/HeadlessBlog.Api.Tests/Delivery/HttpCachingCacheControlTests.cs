using System.Net;
using System.Net.Http.Headers;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

public sealed class HttpCachingCacheControlOnSqlite(SqliteApiFactory factory) : HttpCachingCacheControlTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class HttpCachingCacheControlOnSqlServer(SqlServerApiFactory factory) : HttpCachingCacheControlTests<SqlServerApiFactory>(factory);

/// <summary>The API with non-default <c>Caching</c> settings.</summary>
public sealed class ConfiguredCachingSqliteFactory : SqliteApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Caching:MaxAgeSeconds"] = "17",
        ["Caching:StaleWhileRevalidateSeconds"] = "42",
    };
}

/// <summary>
/// SQLite only: these tests check that the <c>Caching</c> settings reach the <c>Cache-Control</c> header,
/// which is written by the HTTP layer and does not depend on the database provider.
/// </summary>
public sealed class HttpCachingSettingsOnSqlite(ConfiguredCachingSqliteFactory factory) : ApiTestBase<ConfiguredCachingSqliteFactory>(factory)
{
    [Fact]
    public async Task CacheControl_UsesTheConfiguredMaxAgeAndStaleWhileRevalidate()
    {
        var article = await CreatePublishedArticleAsync();

        var response = await Client.GetAsync($"/api/articles/{article.Id}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cacheControl = response.Headers.CacheControl;
        Assert.NotNull(cacheControl);
        Assert.True(cacheControl.Public);
        Assert.False(cacheControl.Private);
        Assert.False(cacheControl.NoStore);
        Assert.Equal(TimeSpan.FromSeconds(17), cacheControl.MaxAge);
        Assert.Equal("42", cacheControl.Extensions.Single(e => e.Name == "stale-while-revalidate").Value);
    }

    [Fact]
    public async Task CacheControl_WithAnApiKey_IsStillPrivateNoStore()
    {
        var article = await CreatePublishedArticleAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{article.Id}");
        request.Headers.Add("X-Api-Key", Factory.ReadKey);

        var response = await Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.Private);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Null(response.Headers.CacheControl?.MaxAge);
    }
}

/// <summary>Cache-Control and Vary: public with max-age and stale-while-revalidate for anonymous readers, private and no-store with credentials.</summary>
public abstract class HttpCachingCacheControlTests<TFactory>(TFactory factory) : HttpCachingTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Theory]
    [MemberData(nameof(HttpCachingTestData.Endpoints), MemberType = typeof(HttpCachingTestData))]
    public async Task CacheControl_ByDefault_IsPublicMaxAge60StaleWhileRevalidate300(string endpoint)
    {
        var scenario = await CreateScenarioAsync();

        var response = await Client.GetAsync(scenario.Url(endpoint), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cacheControl = response.Headers.CacheControl;
        Assert.NotNull(cacheControl);
        Assert.True(cacheControl.Public);
        Assert.False(cacheControl.Private);
        Assert.False(cacheControl.NoStore);
        Assert.False(cacheControl.NoCache);
        Assert.Equal(TimeSpan.FromSeconds(60), cacheControl.MaxAge);
        Assert.Equal("300", StaleWhileRevalidate(cacheControl));
        Assert.Contains("X-Api-Key", response.Headers.Vary, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("Authorization", response.Headers.Vary, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CacheControl_MaxAge_IsLoweredUntilTheNextScheduledPublication()
    {
        var scheduled = await CreateArticleAsync(new
        {
            title = Unique("Scheduled "),
            body = "Coming soon.",
            status = "published",
            publishedAt = Factory.Clock.GetUtcNow().AddSeconds(30),
        });
        try
        {
            Assert.Equal("scheduled", scheduled.Status);

            var response = await Client.GetAsync($"/api/tags?q={Unique()}", Ct);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var cacheControl = response.Headers.CacheControl!;
            Assert.True(cacheControl.Public);
            Assert.NotNull(cacheControl.MaxAge);
            Assert.InRange(cacheControl.MaxAge.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
            Assert.Equal("300", StaleWhileRevalidate(cacheControl));
        }
        finally
        {
            // The article becomes visible: no scheduled publication is left for the other tests of this class.
            Factory.Clock.Advance(TimeSpan.FromSeconds(31));
        }

        var afterwards = await Client.GetAsync($"/api/tags?q={Unique()}", Ct);
        Assert.Equal(TimeSpan.FromSeconds(60), afterwards.Headers.CacheControl?.MaxAge);
    }

    [Theory]
    [MemberData(nameof(HttpCachingTestData.CredentialHeaders), MemberType = typeof(HttpCachingTestData))]
    public async Task Credentials_GetPrivateNoStore_AndVaryNamesTheCredentialHeaders(string header)
    {
        var scenario = await CreateScenarioAsync();
        foreach (var endpoint in HttpCachingTestData.EndpointNames)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, scenario.Url(endpoint));
            request.Headers.TryAddWithoutValidation(header, CredentialValue(header));

            var response = await Client.SendAsync(request, Ct);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var cacheControl = response.Headers.CacheControl;
            Assert.NotNull(cacheControl);
            Assert.True(cacheControl.Private, $"{endpoint}: {cacheControl}");
            Assert.True(cacheControl.NoStore, $"{endpoint}: {cacheControl}");
            Assert.False(cacheControl.Public, $"{endpoint}: {cacheControl}");
            Assert.Null(cacheControl.MaxAge);
            Assert.Contains("X-Api-Key", response.Headers.Vary, StringComparer.OrdinalIgnoreCase);
            Assert.Contains("Authorization", response.Headers.Vary, StringComparer.OrdinalIgnoreCase);
        }
    }

    private static string? StaleWhileRevalidate(CacheControlHeaderValue cacheControl) =>
        cacheControl.Extensions.SingleOrDefault(e => e.Name == "stale-while-revalidate")?.Value;
}
