using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

public sealed class HttpCachingETagOnSqlite(SqliteApiFactory factory) : HttpCachingETagTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class HttpCachingETagOnSqlServer(SqlServerApiFactory factory) : HttpCachingETagTests<SqlServerApiFactory>(factory);

/// <summary>Strong ETags on every successful GET, and If-None-Match answered with 304 whether or not the request carries credentials.</summary>
public abstract class HttpCachingETagTests<TFactory>(TFactory factory) : HttpCachingTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Theory]
    [MemberData(nameof(HttpCachingTestData.Endpoints), MemberType = typeof(HttpCachingTestData))]
    public async Task SuccessfulGet_CarriesAStrongQuotedETag(string endpoint)
    {
        var scenario = await CreateScenarioAsync();

        var response = await Client.GetAsync(scenario.Url(endpoint), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TryGetValues("ETag", out var values), "The response has no ETag.");
        var raw = Assert.Single(values);
        Assert.Matches("^\"[^\"]+\"$", raw);
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(HttpCachingTestData.EndpointsWithAndWithoutCredentials), MemberType = typeof(HttpCachingTestData))]
    public async Task IfNoneMatch_WithTheCurrentETag_Answers304WithEmptyBodyAndTheSameETag(string endpoint, bool credentials)
    {
        var url = (await CreateScenarioAsync()).Url(endpoint);
        var etag = await ETagOfAsync(url);

        var response = await GetAsync(url, credentials, h => h.TryAddWithoutValidation("If-None-Match", etag));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(etag, response.Headers.ETag?.ToString());
    }

    [Theory]
    [MemberData(nameof(HttpCachingTestData.EndpointsWithAndWithoutCredentials), MemberType = typeof(HttpCachingTestData))]
    public async Task IfNoneMatch_WithAnotherETag_Answers200WithTheBody(string endpoint, bool credentials)
    {
        var url = (await CreateScenarioAsync()).Url(endpoint);
        var etag = await ETagOfAsync(url);
        var plain = await (await Client.GetAsync(url, Ct)).Content.ReadAsStringAsync(Ct);

        var response = await GetAsync(url, credentials, h => h.TryAddWithoutValidation("If-None-Match", "\"not-the-current-etag\""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(etag, response.Headers.ETag?.ToString());
        Assert.Equal(plain, await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(HttpCachingTestData.EndpointsWithAndWithoutCredentials), MemberType = typeof(HttpCachingTestData))]
    public async Task IfNoneMatch_Star_Answers304(string endpoint, bool credentials)
    {
        var url = (await CreateScenarioAsync()).Url(endpoint);
        var etag = await ETagOfAsync(url);

        var response = await GetAsync(url, credentials, h => h.TryAddWithoutValidation("If-None-Match", "*"));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(etag, response.Headers.ETag?.ToString());
    }

    [Theory]
    [MemberData(nameof(HttpCachingTestData.EndpointsWithAndWithoutCredentials), MemberType = typeof(HttpCachingTestData))]
    public async Task IfNoneMatch_WeakFormOfTheCurrentETag_Answers304(string endpoint, bool credentials)
    {
        var url = (await CreateScenarioAsync()).Url(endpoint);
        var etag = await ETagOfAsync(url);

        var response = await GetAsync(url, credentials, h => h.TryAddWithoutValidation("If-None-Match", "W/" + etag));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(etag, response.Headers.ETag?.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task IfNoneMatch_ListContainingTheCurrentETag_Answers304(bool credentials)
    {
        var url = (await CreateScenarioAsync()).Url("article");
        var etag = await ETagOfAsync(url);

        var response = await GetAsync(url, credentials, h => h.TryAddWithoutValidation("If-None-Match", $"\"older\", W/\"other\", {etag}"));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task ETag_ChangesWhenTheArticleChanges_AndTheOldOneNoLongerAnswers304()
    {
        var scenario = await CreateScenarioAsync();
        var url = $"/api/articles/{scenario.Article.Id}";
        var before = await ETagOfAsync(url);

        await PutArticleAsync(scenario.Article, $"Changed {scenario.Token}", [scenario.Tag.Name], [scenario.Related.Id]);
        var after = await ETagOfAsync(url);
        var conditional = await GetAsync(url, credentials: false, h => h.TryAddWithoutValidation("If-None-Match", before));

        Assert.NotEqual(before, after);
        Assert.Equal(HttpStatusCode.OK, conditional.StatusCode);
        Assert.Equal(after, conditional.Headers.ETag?.ToString());
        Assert.Equal($"Changed {scenario.Token}", (await conditional.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!.Title);
    }

    [Fact]
    public async Task ETag_ChangesWhenTheTagChanges()
    {
        var scenario = await CreateScenarioAsync();
        var url = $"/api/tags/{scenario.Tag.Id}";
        var before = await ETagOfAsync(url);

        await PutTagAsync(scenario.Tag.Id, $"Renamed {scenario.Token}");
        var after = await ETagOfAsync(url);

        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task ETag_DiffersBetweenFormatsAndFieldsVariants_AndOneVariantsETagDoesNotMatchAnother()
    {
        var scenario = await CreateScenarioAsync();
        var article = $"/api/articles/{scenario.Article.Id}";
        string[] urls =
        [
            article,
            article + "?formats=markdown",
            article + "?formats=html",
            article + "?formats=plaintext",
            article + "?formats=markdown,html,plaintext",
            article + "?fields=id,title",
            article + "?fields=id,slug",
            $"/api/articles?q={scenario.Token}",
            $"/api/articles?q={scenario.Token}&fields=id",
            $"/api/tags/{scenario.Tag.Id}",
            $"/api/tags/{scenario.Tag.Id}?fields=name",
        ];

        var etags = new List<string>();
        foreach (var url in urls)
        {
            etags.Add(await ETagOfAsync(url));
        }

        Assert.Equal(urls.Length, etags.Distinct(StringComparer.Ordinal).Count());
        // The ETag of the markdown-only variant does not validate the HTML-only one.
        var crossVariant = await GetAsync(article + "?formats=html", credentials: false, h => h.TryAddWithoutValidation("If-None-Match", etags[1]));
        Assert.Equal(HttpStatusCode.OK, crossVariant.StatusCode);
    }

    private async Task<string> ETagOfAsync(string url)
    {
        var response = await Client.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}.");
        Assert.NotNull(response.Headers.ETag);
        return response.Headers.ETag.ToString();
    }

    private async Task<HttpResponseMessage> GetAsync(string url, bool credentials, Action<HttpRequestHeaders> headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (credentials)
        {
            request.Headers.Add("X-Api-Key", Factory.ReadKey);
        }

        headers(request.Headers);
        return await Client.SendAsync(request, Ct);
    }
}
