using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

// Both databases: eviction after writes relies on queries (e.g. the articles linking to a changed one) that run on each provider.
public sealed class HttpCachingOnSqlite(SqliteApiFactory factory) : HttpCachingTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class HttpCachingOnSqlServer(SqlServerApiFactory factory) : HttpCachingTests<SqlServerApiFactory>(factory);

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

/// <summary>Theory data of <see cref="HttpCachingTests{TFactory}"/> (static members cannot live on the generic class).</summary>
public static class HttpCachingTestData
{
    /// <summary>Every successful GET of content: the lists, single reads by id and slug, related and suggestions.</summary>
    public static readonly string[] EndpointNames =
    [
        "tags", "tag", "tagBySlug", "articles", "article", "articleBySlug", "related", "suggestions", "suggestionsBySlug",
    ];

    public static TheoryData<string> Endpoints => [.. EndpointNames];

    /// <summary>Each endpoint, asked anonymously (the output cache answers) and with credentials (the endpoint answers).</summary>
    public static TheoryData<string, bool> EndpointsWithAndWithoutCredentials
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (var endpoint in EndpointNames)
            {
                data.Add(endpoint, false);
                data.Add(endpoint, true);
            }

            return data;
        }
    }

    public static TheoryData<string> CredentialHeaders => ["X-Api-Key", "Authorization"];

    public static TheoryData<string> Encodings => ["br", "gzip"];
}

public abstract class HttpCachingTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    // ---------------------------------------------------------------- ETag and If-None-Match

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

    // ---------------------------------------------------------------- Cache-Control and Vary

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

    // ---------------------------------------------------------------- Output cache

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

    // ---------------------------------------------------------------- Writes evict what they change

    [Fact]
    public async Task TagPut_RenameIsShownOnTheNextReadOfEveryCachedPageShowingTheTag()
    {
        var scenario = await CreateScenarioAsync();
        // Shows the tag only through its related article.
        var linking = await CreatePublishedArticleAsync(related: [scenario.Related.Id]);
        string[] urls =
        [
            scenario.Url("article"), scenario.Url("articleBySlug"), scenario.Url("articles"), scenario.Url("related"),
            scenario.Url("suggestions"), scenario.Url("suggestionsBySlug"), scenario.Url("tags"), scenario.Url("tag"),
            scenario.Url("tagBySlug"), $"/api/articles/{linking.Id}", $"/api/articles/{scenario.Related.Id}",
        ];
        foreach (var url in urls)
        {
            Assert.Contains(scenario.Tag.Name, await GetCachedAsync(url), StringComparison.Ordinal);
        }

        var newName = $"Renamed {scenario.Token}";
        await PutTagAsync(scenario.Tag.Id, newName);

        foreach (var url in urls)
        {
            var body = await Client.GetStringAsync(url, Ct);
            Assert.True(body.Contains(newName, StringComparison.Ordinal), $"{url} does not show the new name: {body}");
            Assert.False(body.Contains(scenario.Tag.Name, StringComparison.Ordinal), $"{url} still shows the old name: {body}");
        }
    }

    [Fact]
    public async Task TagDelete_IsShownOnTheNextReadOfEveryCachedPageShowingTheTag()
    {
        var scenario = await CreateScenarioAsync();
        string[] articlePages = [scenario.Url("article"), scenario.Url("articleBySlug"), $"/api/articles/{scenario.Related.Id}"];
        string[] urls =
        [
            .. articlePages, scenario.Url("articles"), $"/api/articles?q={scenario.Token}", scenario.Url("related"),
            scenario.Url("suggestions"), scenario.Url("tags"), scenario.Url("tag"), scenario.Url("tagBySlug"),
        ];
        foreach (var url in urls)
        {
            await GetCachedAsync(url);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/tags/{scenario.Tag.Id}", Ct)).StatusCode);

        foreach (var url in articlePages)
        {
            var article = await Client.GetFromJsonAsync<ArticleResponse>(url, Ct);
            Assert.Empty(article!.Tags);
            Assert.All(article.Related, r => Assert.Empty(r.Tags));
        }

        Assert.Empty((await Client.GetFromJsonAsync<PagedResponse<ArticleSummary>>(scenario.Url("articles"), Ct))!.Items);
        var byToken = await Client.GetFromJsonAsync<PagedResponse<ArticleSummary>>($"/api/articles?q={scenario.Token}", Ct);
        Assert.Equal(3, byToken!.Items.Count);
        Assert.All(byToken.Items, a => Assert.Empty(a.Tags));
        Assert.All((await Client.GetFromJsonAsync<List<ArticleSummary>>(scenario.Url("related"), Ct))!, a => Assert.Empty(a.Tags));
        // Suggestions need a shared tag: without the tag there are none.
        Assert.Empty((await Client.GetFromJsonAsync<List<ArticleSummary>>(scenario.Url("suggestions"), Ct))!);
        Assert.Empty((await Client.GetFromJsonAsync<PagedResponse<TagResponse>>(scenario.Url("tags"), Ct))!.Items);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(scenario.Url("tag"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(scenario.Url("tagBySlug"), Ct)).StatusCode);
    }

    [Fact]
    public async Task ArticlePut_IsShownOnTheNextReadOfItsPageTheListsAndPagesShowingItAsRelated()
    {
        var scenario = await CreateScenarioAsync();
        var related = scenario.Related;
        string[] showingTheArticle =
        [
            $"/api/articles/{related.Id}", $"/api/articles/slug/{related.Slug}", scenario.Url("articles"),
            $"/api/articles?q={scenario.Token}", scenario.Url("article"), scenario.Url("related"),
        ];
        foreach (var url in showingTheArticle)
        {
            Assert.Contains(related.Title, await GetCachedAsync(url), StringComparison.Ordinal);
        }

        foreach (var url in new[] { scenario.Url("tag"), scenario.Url("tags") })
        {
            Assert.Contains("\"articleCount\":3", await GetCachedAsync(url), StringComparison.Ordinal);
        }

        // A new title, and the tag taken off.
        var newTitle = $"Rewritten {scenario.Token}";
        await PutArticleAsync(related, newTitle, tags: [], related: []);

        Assert.Equal(newTitle, (await Client.GetFromJsonAsync<ArticleResponse>($"/api/articles/{related.Id}", Ct))!.Title);
        Assert.Equal(newTitle, (await Client.GetFromJsonAsync<ArticleResponse>($"/api/articles/slug/{related.Slug}", Ct))!.Title);
        Assert.DoesNotContain(related.Id, (await Client.GetFromJsonAsync<PagedResponse<ArticleSummary>>(scenario.Url("articles"), Ct))!.Items.Select(a => a.Id));
        var byToken = await Client.GetFromJsonAsync<PagedResponse<ArticleSummary>>($"/api/articles?q={scenario.Token}", Ct);
        Assert.Equal(newTitle, byToken!.Items.Single(a => a.Id == related.Id).Title);
        var page = await Client.GetFromJsonAsync<ArticleResponse>(scenario.Url("article"), Ct);
        Assert.Equal(newTitle, Assert.Single(page!.Related).Title);
        Assert.Empty(page.Related[0].Tags);
        Assert.Equal(newTitle, Assert.Single((await Client.GetFromJsonAsync<List<ArticleSummary>>(scenario.Url("related"), Ct))!).Title);
        Assert.Equal(2, (await Client.GetFromJsonAsync<TagResponse>(scenario.Url("tag"), Ct))!.ArticleCount);
        Assert.Equal(2, Assert.Single((await Client.GetFromJsonAsync<PagedResponse<TagResponse>>(scenario.Url("tags"), Ct))!.Items).ArticleCount);
    }

    [Fact]
    public async Task ArticlePut_ToDraft_IsShownOnTheNextReadOfSuggestionsOfAnotherArticle()
    {
        var scenario = await CreateScenarioAsync();
        var before = await GetCachedAsync(scenario.Url("suggestions"));
        Assert.Contains(scenario.Similar.Title, before, StringComparison.Ordinal);

        var response = await Client.PutAsJsonAsync($"/api/articles/{scenario.Similar.Id}", new
        {
            title = scenario.Similar.Title,
            body = "Back to draft.",
            status = "draft",
            tags = new[] { scenario.Tag.Name },
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.Empty((await Client.GetFromJsonAsync<List<ArticleSummary>>(scenario.Url("suggestions"), Ct))!);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/articles/{scenario.Similar.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task ArticleDelete_IsShownOnTheNextReadOfItsPageTheListsAndPagesShowingItAsRelated()
    {
        var scenario = await CreateScenarioAsync();
        var related = scenario.Related;
        string[] urls =
        [
            $"/api/articles/{related.Id}", $"/api/articles/slug/{related.Slug}", scenario.Url("articles"),
            scenario.Url("article"), scenario.Url("articleBySlug"), scenario.Url("related"), scenario.Url("tag"),
            scenario.Url("tags"),
        ];
        foreach (var url in urls)
        {
            await GetCachedAsync(url);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/articles/{related.Id}", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/articles/{related.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/articles/slug/{related.Slug}", Ct)).StatusCode);
        var list = await Client.GetFromJsonAsync<PagedResponse<ArticleSummary>>(scenario.Url("articles"), Ct);
        Assert.Equal(new[] { scenario.Article.Id, scenario.Similar.Id }.Order(), list!.Items.Select(a => a.Id).Order());
        Assert.Empty((await Client.GetFromJsonAsync<ArticleResponse>(scenario.Url("article"), Ct))!.Related);
        Assert.Empty((await Client.GetFromJsonAsync<ArticleResponse>(scenario.Url("articleBySlug"), Ct))!.Related);
        Assert.Empty((await Client.GetFromJsonAsync<List<ArticleSummary>>(scenario.Url("related"), Ct))!);
        Assert.Equal(2, (await Client.GetFromJsonAsync<TagResponse>(scenario.Url("tag"), Ct))!.ArticleCount);
        Assert.Equal(2, Assert.Single((await Client.GetFromJsonAsync<PagedResponse<TagResponse>>(scenario.Url("tags"), Ct))!.Items).ArticleCount);
    }

    [Fact]
    public async Task RelatedPut_IsShownOnTheNextReadOfTheArticleItsRelatedListAndItsSuggestions()
    {
        var scenario = await CreateScenarioAsync();
        string[] urls = [scenario.Url("article"), scenario.Url("articleBySlug"), scenario.Url("related"), scenario.Url("suggestions")];
        foreach (var url in urls)
        {
            await GetCachedAsync(url);
        }

        var response = await Client.PutAsJsonAsync(
            $"/api/articles/{scenario.Article.Id}/related", new { articleIds = new[] { scenario.Similar.Id } }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.Equal([scenario.Similar.Id], (await Client.GetFromJsonAsync<ArticleResponse>(scenario.Url("article"), Ct))!.Related.Select(r => r.Id));
        Assert.Equal([scenario.Similar.Id], (await Client.GetFromJsonAsync<ArticleResponse>(scenario.Url("articleBySlug"), Ct))!.Related.Select(r => r.Id));
        Assert.Equal([scenario.Similar.Id], (await Client.GetFromJsonAsync<List<ArticleSummary>>(scenario.Url("related"), Ct))!.Select(r => r.Id));
        // Suggestions exclude the related articles: now the former one is suggested instead.
        Assert.Equal([scenario.Related.Id], (await Client.GetFromJsonAsync<List<ArticleSummary>>(scenario.Url("suggestions"), Ct))!.Select(r => r.Id));
    }

    [Fact]
    public async Task RelatedPost_Reciprocal_IsShownOnTheNextReadOfBothArticles()
    {
        var scenario = await CreateScenarioAsync();
        var source = scenario.Similar;
        var target = scenario.Related;
        string[] urls =
        [
            $"/api/articles/{source.Id}", $"/api/articles/{source.Id}/related", $"/api/articles/{target.Id}",
            $"/api/articles/slug/{target.Slug}", $"/api/articles/{target.Id}/related",
        ];
        foreach (var url in urls)
        {
            await GetCachedAsync(url);
        }

        var response = await Client.PostAsJsonAsync(
            $"/api/articles/{source.Id}/related", new { articleId = target.Id, reciprocal = true }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        Assert.Equal([target.Id], (await Client.GetFromJsonAsync<ArticleResponse>($"/api/articles/{source.Id}", Ct))!.Related.Select(r => r.Id));
        Assert.Equal([target.Id], (await Client.GetFromJsonAsync<List<ArticleSummary>>($"/api/articles/{source.Id}/related", Ct))!.Select(r => r.Id));
        Assert.Equal([source.Id], (await Client.GetFromJsonAsync<ArticleResponse>($"/api/articles/{target.Id}", Ct))!.Related.Select(r => r.Id));
        Assert.Equal([source.Id], (await Client.GetFromJsonAsync<ArticleResponse>($"/api/articles/slug/{target.Slug}", Ct))!.Related.Select(r => r.Id));
        Assert.Equal([source.Id], (await Client.GetFromJsonAsync<List<ArticleSummary>>($"/api/articles/{target.Id}/related", Ct))!.Select(r => r.Id));
    }

    [Fact]
    public async Task RelatedDelete_IsShownOnTheNextReadOfTheArticleItsRelatedListAndItsSuggestions()
    {
        var scenario = await CreateScenarioAsync();
        string[] urls = [scenario.Url("article"), scenario.Url("articleBySlug"), scenario.Url("related"), scenario.Url("suggestions")];
        foreach (var url in urls)
        {
            await GetCachedAsync(url);
        }

        var response = await Client.DeleteAsync($"/api/articles/{scenario.Article.Id}/related/{scenario.Related.Id}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        Assert.Empty((await Client.GetFromJsonAsync<ArticleResponse>(scenario.Url("article"), Ct))!.Related);
        Assert.Empty((await Client.GetFromJsonAsync<ArticleResponse>(scenario.Url("articleBySlug"), Ct))!.Related);
        Assert.Empty((await Client.GetFromJsonAsync<List<ArticleSummary>>(scenario.Url("related"), Ct))!);
        Assert.Contains(scenario.Related.Id, (await Client.GetFromJsonAsync<List<ArticleSummary>>(scenario.Url("suggestions"), Ct))!.Select(r => r.Id));
    }

    [Fact]
    public async Task ArticlePost_IsShownOnTheNextReadOfTheListsTagCountsAndSuggestions()
    {
        var scenario = await CreateScenarioAsync();
        string[] urls =
        [
            scenario.Url("articles"), $"/api/articles?q={scenario.Token}", scenario.Url("tag"), scenario.Url("tagBySlug"),
            scenario.Url("tags"), scenario.Url("suggestions"),
        ];
        foreach (var url in urls)
        {
            await GetCachedAsync(url);
        }

        var created = await CreatePublishedArticleAsync($"Article {scenario.Token} new", tags: [scenario.Tag.Name]);

        Assert.Contains(created.Id, (await Client.GetFromJsonAsync<PagedResponse<ArticleSummary>>(scenario.Url("articles"), Ct))!.Items.Select(a => a.Id));
        Assert.Equal(4, (await Client.GetFromJsonAsync<PagedResponse<ArticleSummary>>($"/api/articles?q={scenario.Token}", Ct))!.TotalItems);
        Assert.Equal(4, (await Client.GetFromJsonAsync<TagResponse>(scenario.Url("tag"), Ct))!.ArticleCount);
        Assert.Equal(4, (await Client.GetFromJsonAsync<TagResponse>(scenario.Url("tagBySlug"), Ct))!.ArticleCount);
        Assert.Equal(4, Assert.Single((await Client.GetFromJsonAsync<PagedResponse<TagResponse>>(scenario.Url("tags"), Ct))!.Items).ArticleCount);
        Assert.Contains(created.Id, (await Client.GetFromJsonAsync<List<ArticleSummary>>(scenario.Url("suggestions"), Ct))!.Select(a => a.Id));
    }

    [Fact]
    public async Task TagPut_DoesNotEvictAnotherTagsCachedPage()
    {
        var renamed = await CreateTagAsync(Unique("Tag A "));
        var untouched = await CreateTagAsync(Unique("Tag B "));
        await GetCachedAsync($"/api/tags/{renamed.Id}");
        var cached = await GetCachedAsync($"/api/tags/{untouched.Id}");

        await PutTagAsync(renamed.Id, Unique("Tag A renamed "));

        Factory.Commands.Reset();
        var response = await Client.GetAsync($"/api/tags/{untouched.Id}", Ct);
        Assert.Equal(0, Factory.Commands.Count);
        Assert.Equal(cached, await response.Content.ReadAsStringAsync(Ct));
        Factory.Commands.Reset();
        await Client.GetAsync($"/api/tags/{renamed.Id}", Ct);
        Assert.True(Factory.Commands.Count > 0, "The renamed tag's page was not evicted.");
    }

    [Fact]
    public async Task ArticlePut_DoesNotEvictAnUnrelatedArticlesCachedPage()
    {
        var changed = await CreatePublishedArticleAsync(tags: [Unique("Tag ")]);
        var untouched = await CreatePublishedArticleAsync(tags: [Unique("Tag ")]);
        var changedUrl = $"/api/articles/{changed.Id}";
        var untouchedUrl = $"/api/articles/{untouched.Id}";
        await GetCachedAsync(changedUrl);
        var cached = await GetCachedAsync(untouchedUrl);

        await PutArticleAsync(changed, Unique("Changed "), [changed.Tags[0].Name], []);
        // The first read after an article write refreshes the publication schedule (one query, whatever the URL).
        Factory.Commands.Reset();
        await Client.GetAsync(changedUrl, Ct);
        Assert.True(Factory.Commands.Count > 1, "The changed article's page was not evicted.");

        Factory.Commands.Reset();
        var response = await Client.GetAsync(untouchedUrl, Ct);
        Assert.Equal(0, Factory.Commands.Count);
        Assert.Equal(cached, await response.Content.ReadAsStringAsync(Ct));
    }

    // ---------------------------------------------------------------- Compression

    [Theory]
    [MemberData(nameof(HttpCachingTestData.Encodings), MemberType = typeof(HttpCachingTestData))]
    public async Task Compression_WhenAccepted_EncodesTheJsonWhichDecompressesToTheUncompressedBody(string encoding)
    {
        var scenario = await CreateScenarioAsync();
        foreach (var endpoint in HttpCachingTestData.EndpointNames)
        {
            var url = scenario.Url(endpoint);
            var plain = await Client.GetAsync(url, Ct);
            Assert.Empty(plain.Content.Headers.ContentEncoding);
            var expected = await plain.Content.ReadAsStringAsync(Ct);

            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            var response = await Client.SendAsync(request, Ct);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
            Assert.Contains("Accept-Encoding", response.Headers.Vary, StringComparer.OrdinalIgnoreCase);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(expected, await DecompressAsync(response, encoding));
        }
    }

    [Fact]
    public async Task Compression_WhenNotAccepted_SendsPlainJson()
    {
        var scenario = await CreateScenarioAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, scenario.Url("article"));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));

        var response = await Client.SendAsync(request, Ct);

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(scenario.Article.Id, (await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!.Id);
    }

    // ---------------------------------------------------------------- Helpers

    /// <summary>
    /// A tag and three visible articles carrying it, with the token in their titles: <c>Article</c> links to
    /// <c>Related</c>, so its only suggestion is <c>Similar</c>.
    /// </summary>
    private async Task<Scenario> CreateScenarioAsync()
    {
        var token = Unique("c");
        var tagName = $"Tag {token}";
        var related = await CreatePublishedArticleAsync($"Article {token} related", tags: [tagName]);
        var similar = await CreatePublishedArticleAsync($"Article {token} similar", tags: [tagName]);
        var article = await CreatePublishedArticleAsync($"Article {token} main", tags: [tagName], related: [related.Id]);
        return new Scenario(token, article.Tags[0], article, related, similar);
    }

    /// <summary>GETs <paramref name="url"/> anonymously twice, asserting that the second answer came from the output cache.</summary>
    private async Task<string> GetCachedAsync(string url)
    {
        var first = await Client.GetAsync(url, Ct);
        Assert.True(first.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)first.StatusCode}.");

        Factory.Commands.Reset();
        var second = await Client.GetAsync(url, Ct);
        var commands = Factory.Commands.Count;

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True(commands == 0, $"{url} ran {commands} SQL commands on a repeated read: it is not in the output cache.");
        return await second.Content.ReadAsStringAsync(Ct);
    }

    private async Task<string> ETagOfAsync(string url)
    {
        var response = await Client.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}.");
        Assert.NotNull(response.Headers.ETag);
        return response.Headers.ETag.ToString();
    }

    /// <summary>A valid read key for X-Api-Key (an invalid one is refused with 401); any value for Authorization.</summary>
    private string CredentialValue(string header) => header == "X-Api-Key" ? Factory.ReadKey : "Bearer any-value";

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

    private async Task PutTagAsync(int id, string name)
    {
        var response = await Client.PutAsJsonAsync($"/api/tags/{id}", new { name }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    private async Task PutArticleAsync(ArticleResponse article, string title, string[] tags, int[] related)
    {
        var response = await Client.PutAsJsonAsync($"/api/articles/{article.Id}", new
        {
            title,
            body = "A rewritten **Markdown** body.",
            status = "published",
            tags,
            relatedArticleIds = related,
        }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    private static string? StaleWhileRevalidate(CacheControlHeaderValue cacheControl) =>
        cacheControl.Extensions.SingleOrDefault(e => e.Name == "stale-while-revalidate")?.Value;

    private static async Task<string> DecompressAsync(HttpResponseMessage response, string encoding)
    {
        await using var compressed = await response.Content.ReadAsStreamAsync(Ct);
        await using Stream decoder = encoding == "br"
            ? new BrotliStream(compressed, CompressionMode.Decompress)
            : new GZipStream(compressed, CompressionMode.Decompress);
        using var reader = new StreamReader(decoder);
        return await reader.ReadToEndAsync(Ct);
    }

    private sealed record Scenario(string Token, TagRef Tag, ArticleResponse Article, ArticleResponse Related, ArticleResponse Similar)
    {
        public string Url(string endpoint) => endpoint switch
        {
            "tags" => $"/api/tags?q={Token}",
            "tag" => $"/api/tags/{Tag.Id}",
            "tagBySlug" => $"/api/tags/slug/{Tag.Slug}",
            "articles" => $"/api/articles?tag={Tag.Slug}",
            "article" => $"/api/articles/{Article.Id}",
            "articleBySlug" => $"/api/articles/slug/{Article.Slug}",
            "related" => $"/api/articles/{Article.Id}/related",
            "suggestions" => $"/api/articles/{Article.Id}/suggestions",
            "suggestionsBySlug" => $"/api/articles/slug/{Article.Slug}/suggestions",
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, "Unknown endpoint."),
        };
    }
}
