using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Security;

public sealed class LimitsOnSqlite(ProtectedSqliteFactory factory) : LimitsTests<ProtectedSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class LimitsOnSqlServer(ProtectedSqlServerFactory factory) : LimitsTests<ProtectedSqlServerFactory>(factory);

public sealed class AnonymousRateLimitOnSqlite(AnonymousLimitedSqliteFactory factory)
    : AnonymousRateLimitTests<AnonymousLimitedSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class AnonymousRateLimitOnSqlServer(AnonymousLimitedSqlServerFactory factory)
    : AnonymousRateLimitTests<AnonymousLimitedSqlServerFactory>(factory);

public sealed class RefusedKeyRateLimitOnSqlite(AnonymousLimitedSqliteFactory factory)
    : RefusedKeyRateLimitTests<AnonymousLimitedSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class RefusedKeyRateLimitOnSqlServer(AnonymousLimitedSqlServerFactory factory)
    : RefusedKeyRateLimitTests<AnonymousLimitedSqlServerFactory>(factory);

public sealed class KeyRateLimitOnSqlite(KeyLimitedSqliteFactory factory) : KeyRateLimitTests<KeyLimitedSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class KeyRateLimitOnSqlServer(KeyLimitedSqlServerFactory factory) : KeyRateLimitTests<KeyLimitedSqlServerFactory>(factory);

/// <summary>Settings of the limit tests' hosts.</summary>
public static class LimitSettings
{
    public const int MaxBodyBytes = 10_000;
    public const int MaxQueryString = 1_000;
    public const int RequestsPerWindow = 5;
    public const string EditorOrigin = "https://editor.example";

    /// <summary>Small body and query-string limits and one origin allowed to write.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Protected = new Dictionary<string, string?>
    {
        ["Limits:MaxRequestBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Limits:MaxQueryStringLength"] = MaxQueryString.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Network:CorsWriteOrigins:0"] = EditorOrigin,
    };

    /// <summary>Five anonymous requests per (hour-long) window; keys unlimited in practice.</summary>
    public static readonly IReadOnlyDictionary<string, string?> AnonymousLimited = new Dictionary<string, string?>
    {
        ["Limits:AnonymousRequestsPerWindow"] = RequestsPerWindow.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Limits:WindowSeconds"] = "3600",
    };

    /// <summary>Five requests per key per (hour-long) window; anonymous clients unlimited in practice.</summary>
    public static readonly IReadOnlyDictionary<string, string?> KeyLimited = new Dictionary<string, string?>
    {
        ["Limits:KeyRequestsPerWindow"] = RequestsPerWindow.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Limits:WindowSeconds"] = "3600",
    };
}

public class ProtectedSqliteFactory : SqliteApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => LimitSettings.Protected;
}

public class ProtectedSqlServerFactory(SqlServerContainer container) : SqlServerApiFactory(container)
{
    protected override IReadOnlyDictionary<string, string?> Settings => LimitSettings.Protected;
}

public class AnonymousLimitedSqliteFactory : SqliteApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => LimitSettings.AnonymousLimited;
}

public class AnonymousLimitedSqlServerFactory(SqlServerContainer container) : SqlServerApiFactory(container)
{
    protected override IReadOnlyDictionary<string, string?> Settings => LimitSettings.AnonymousLimited;
}

public class KeyLimitedSqliteFactory : SqliteApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => LimitSettings.KeyLimited;
}

public class KeyLimitedSqlServerFactory(SqlServerContainer container) : SqlServerApiFactory(container)
{
    protected override IReadOnlyDictionary<string, string?> Settings => LimitSettings.KeyLimited;
}

/// <summary>Theory data of <see cref="LimitsTests{TFactory}"/>.</summary>
public static class LimitsTestData
{
    /// <summary>Bodies nested 100 levels deep, in several places.</summary>
    public static TheoryData<string> DeepBodies => new()
    {
        "{\"name\":\"Deep\",\"extra\":" + new string('[', 100) + new string(']', 100) + "}",
        "{\"name\":\"Deep\",\"extra\":" + string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100) + "}",
        "{\"name\":\"Deep\",\"description\":" + string.Concat(Enumerable.Repeat("[{\"a\":", 50)) + "1" + string.Concat(Enumerable.Repeat("}]", 50)) + "}",
    };

    public static TheoryData<string> ListUrls => new() { "/api/articles", "/api/tags" };
}

public abstract class LimitsTests<TFactory>(TFactory factory) : SecurityTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    // ---------------------------------------------------------------- health

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_Answers200(string url)
    {
        var response = await Raw.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"status\":\"Healthy\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- sizes

    [Fact]
    public async Task Body_OverTheLimit_Answers413Problem_AndCreatesNothing()
    {
        var token = Unique();
        var content = ArticleBody(token, totalBytes: 2 * LimitSettings.MaxBodyBytes);

        var response = await Client.PostAsync("/api/articles", content, Ct);

        await ReadProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, (await ReadPageAsync(await Editor.GetAsync($"/api/articles?status=all&q={token}", Ct))).TotalItems);
    }

    [Fact]
    public async Task Body_JustUnderTheLimit_IsAccepted()
    {
        var token = Unique();
        var content = ArticleBody(token, totalBytes: LimitSettings.MaxBodyBytes - 100);

        var response = await Client.PostAsync("/api/articles", content, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Body_OverTheLimitWithoutContentLength_IsRefused_AndCreatesNothing()
    {
        var token = Unique();
        var bytes = await ArticleBody(token, totalBytes: 2 * LimitSettings.MaxBodyBytes).ReadAsByteArrayAsync(Ct);
        using var content = new UnknownLengthContent(bytes);

        var response = await Client.PostAsync("/api/articles", content, Ct);

        await ReadProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, (await ReadPageAsync(await Editor.GetAsync($"/api/articles?status=all&q={token}", Ct))).TotalItems);
    }

    [Fact]
    public async Task QueryString_OverTheLimit_Answers414Problem()
    {
        var response = await Raw.GetAsync($"/api/tags?pad={new string('a', LimitSettings.MaxQueryString + 10)}", Ct);

        await ReadProblemAsync(response, HttpStatusCode.RequestUriTooLong);
    }

    [Fact]
    public async Task QueryString_UnderTheLimit_IsServed()
    {
        var response = await Raw.GetAsync($"/api/tags?pad={new string('a', LimitSettings.MaxQueryString - 10)}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(LimitsTestData.DeepBodies), MemberType = typeof(LimitsTestData))]
    public async Task DeeplyNestedJson_Answers400Problem(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        var response = await Client.PostAsync("/api/tags", content, Ct);

        await ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, (await Editor.GetFromJsonAsync<PagedResponse<TagResponse>>("/api/tags?q=Deep", Ct))!.TotalItems);
    }

    [Theory]
    [MemberData(nameof(LimitsTestData.ListUrls), MemberType = typeof(LimitsTestData))]
    public async Task SearchText_Over200Characters_Answers400NamingQ(string url)
    {
        var response = await Raw.GetAsync($"{url}?q={new string('q', 201)}", Ct);

        await AssertValidationErrorsAsync(response, "q");
    }

    [Theory]
    [MemberData(nameof(LimitsTestData.ListUrls), MemberType = typeof(LimitsTestData))]
    public async Task SearchText_Of200Characters_IsServed(string url)
    {
        var response = await Raw.GetAsync($"{url}?q={new string('q', 200)}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    // ---------------------------------------------------------------- CORS

    [Theory]
    [InlineData("https://any.example")]
    [InlineData(LimitSettings.EditorOrigin)]
    public async Task Get_FromAnyOrigin_IsAllowed(string origin)
    {
        var article = await CreatePublishedArticleAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{article.Id}");
        request.Headers.Add("Origin", origin);

        var response = await Raw.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TryGetValues("Access-Control-Allow-Origin", out var allowed), "No Access-Control-Allow-Origin on a GET.");
        var value = Assert.Single(allowed);
        Assert.True(value == "*" || value == origin, value);
    }

    [Fact]
    public async Task Preflight_ForAGet_FromAnyOrigin_IsAllowed()
    {
        using var request = Preflight("/api/tags", "https://any.example", "GET", "x-api-key");

        var response = await Raw.SendAsync(request, Ct);

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        Assert.True(response.Headers.TryGetValues("Access-Control-Allow-Origin", out var allowed), "The preflight of a GET was refused.");
        Assert.True(Assert.Single(allowed) is "*" or "https://any.example", string.Join(", ", allowed));
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("http://editor.example")]
    [InlineData("https://editor.example.evil.example")]
    public async Task Preflight_ForAPut_FromAnUnlistedOrigin_IsRefused(string origin)
    {
        var article = await CreatePublishedArticleAsync();
        using var request = Preflight($"/api/articles/{article.Id}", origin, "PUT", "content-type,if-match,x-api-key");

        var response = await Raw.SendAsync(request, Ct);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"), "A write preflight from an unlisted origin was allowed.");
    }

    [Theory]
    [InlineData("/api/articles/{id}", "PUT")]
    [InlineData("/api/articles/{id}", "DELETE")]
    [InlineData("/api/articles", "POST")]
    [InlineData("/api/tags", "POST")]
    public async Task Preflight_ForAWrite_FromTheConfiguredOrigin_IsAllowed(string path, string method)
    {
        var article = await CreatePublishedArticleAsync();
        using var request = Preflight(path.Replace("{id}", article.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
            LimitSettings.EditorOrigin, method, "content-type,if-match,x-api-key");

        var response = await Raw.SendAsync(request, Ct);

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        Assert.True(response.Headers.TryGetValues("Access-Control-Allow-Origin", out var allowed), "The configured origin's preflight was refused.");
        Assert.Equal(LimitSettings.EditorOrigin, Assert.Single(allowed));
        Assert.True(response.Headers.TryGetValues("Access-Control-Allow-Methods", out var methods));
        Assert.Contains(method, string.Join(',', methods), StringComparison.OrdinalIgnoreCase);
        Assert.True(response.Headers.TryGetValues("Access-Control-Allow-Headers", out var headers));
        Assert.Contains("if-match", string.Join(',', headers), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(ApiKeys.HeaderName, string.Join(',', headers), StringComparison.OrdinalIgnoreCase);
    }

    // ---------------------------------------------------------------- security headers

    [Theory]
    [InlineData("/api/tags")]
    [InlineData("/api/articles/2147483647")]
    public async Task JsonResponses_CarrySecurityHeaders(string url)
    {
        var response = await Raw.GetAsync(url, Ct);

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(Header(response, "Referrer-Policy")));
    }

    // ---------------------------------------------------------------- helpers

    private static StringContent ArticleBody(string token, int totalBytes)
    {
        var prefix = $"{{\"title\":\"Big {token}\",\"body\":\"";
        const string Suffix = "\"}";
        var json = prefix + new string('a', totalBytes - prefix.Length - Suffix.Length) + Suffix;
        var content = new StringContent(json, Encoding.UTF8, "application/json");
        Assert.Equal(totalBytes, Encoding.UTF8.GetByteCount(json));
        return content;
    }

    private static HttpRequestMessage Preflight(string url, string origin, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, url);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    /// <summary>A body sent without Content-Length (chunked), as a streaming client would.</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}

/// <summary>One class per limited host: the anonymous limit is shared by every anonymous request to it.</summary>
public abstract class AnonymousRateLimitTests<TFactory>(TFactory factory) : SecurityTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task PastTheAnonymousLimit_Answers429WithRetryAfter_ButHealthAndKeysStillWork()
    {
        for (var i = 0; i < LimitSettings.RequestsPerWindow; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Raw.GetAsync("/api/tags", Ct)).StatusCode);
        }

        var limited = await Raw.GetAsync("/api/tags", Ct);
        var otherEndpoint = await Raw.GetAsync("/api/articles", Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        AssertRetryAfter(limited);
        Assert.Equal(HttpStatusCode.TooManyRequests, otherEndpoint.StatusCode);
        for (var i = 0; i < 3 * LimitSettings.RequestsPerWindow; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Raw.GetAsync("/health/live", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Raw.GetAsync("/health/ready", Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await Editor.GetAsync("/api/tags", Ct)).StatusCode);
        await ReadProblemAsync(limited, HttpStatusCode.TooManyRequests);
        await ReadProblemAsync(otherEndpoint, HttpStatusCode.TooManyRequests);
    }

    internal static void AssertRetryAfter(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        Assert.NotNull(retryAfter);
        Assert.NotNull(retryAfter.Delta);
        Assert.True(retryAfter.Delta > TimeSpan.Zero, $"Retry-After: {retryAfter}");
    }
}

/// <summary>Limits count per key: one key at its limit does not hold back another.</summary>
public abstract class KeyRateLimitTests<TFactory>(TFactory factory) : SecurityTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task PastAKeysLimit_Answers429WithRetryAfter_WhileAnotherKeyAndAnonymousReadersStillWork()
    {
        var (_, first) = await CreateKeyAsync(Unique("First "), Scopes.Write);
        var (_, second) = await CreateKeyAsync(Unique("Second "), Scopes.Write);
        for (var i = 0; i < LimitSettings.RequestsPerWindow; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetWithKeyAsync("/api/tags", first)).StatusCode);
        }

        var limited = await GetWithKeyAsync("/api/tags", first);
        var limitedWrite = await SendAsync(await PrepareAsync(SecurityTestData.PostTag), first, ifMatch: null);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        AnonymousRateLimitTests<TFactory>.AssertRetryAfter(limited);
        Assert.Equal(HttpStatusCode.TooManyRequests, limitedWrite.StatusCode);
        for (var i = 0; i < LimitSettings.RequestsPerWindow; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetWithKeyAsync("/api/tags", second)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await Raw.GetAsync("/api/tags", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Raw.GetAsync("/health/ready", Ct)).StatusCode);
        await ReadProblemAsync(limited, HttpStatusCode.TooManyRequests);
        await ReadProblemAsync(limitedWrite, HttpStatusCode.TooManyRequests);
    }
}

/// <summary>A client whose key is refused is an anonymous client: guessing keys or sending writes without one is limited too.</summary>
public abstract class RefusedKeyRateLimitTests<TFactory>(TFactory factory) : SecurityTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task RequestsRefusedForTheirKey_CountAgainstTheClientsAnonymousLimit()
    {
        EnsureAvailable();
        var forged = "hb_" + new string('0', 16) + "_" + new string('A', 43);
        var statuses = new List<int>();
        for (var i = 0; i <= LimitSettings.RequestsPerWindow; i++)
        {
            statuses.Add((int)(await GetWithKeyAsync("/api/tags", forged)).StatusCode);
        }

        var keylessWrite = await SendAsync(await PrepareAsync(SecurityTestData.PostTag), key: null, ifMatch: null);

        Assert.Equal([.. Enumerable.Repeat(401, LimitSettings.RequestsPerWindow), 429], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, keylessWrite.StatusCode);
    }
}
