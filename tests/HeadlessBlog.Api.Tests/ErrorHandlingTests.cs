using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests;

public sealed class ErrorHandlingOnSqlite(SqliteApiFactory factory) : ErrorHandlingTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ErrorHandlingOnSqlServer(SqlServerApiFactory factory) : ErrorHandlingTests<SqlServerApiFactory>(factory);

/// <summary>Theory data of <see cref="ErrorHandlingTests{TFactory}"/> (static members cannot live on the generic class).</summary>
public static class ErrorHandlingTestData
{
    // ---------------------------------------------------------------- hostile inputs

    /// <summary>A hostile value: raw JSON text (possibly invalid) for bodies, and percent-encoded text for URLs.</summary>
    internal sealed record Hostile(string Json, string Query);

    private static Hostile JsonAndText(string json, string text) => new(json, Uri.EscapeDataString(text));

    /// <summary>Characters U+F700–U+F7FF in these strings stand for the raw bytes 0x00–0xFF (see ErrorHandlingTests.ToUtf8).</summary>
    internal static readonly Dictionary<string, Hostile> HostileInputs = new()
    {
        ["broken JSON"] = JsonAndText("""{"name": "x", "title": """, """{"name":"""),
        ["unterminated string"] = JsonAndText("\"abc", "\"abc"),
        ["single-quoted string"] = JsonAndText("'abc'", "'abc'"),
        ["invalid escape"] = JsonAndText("\"\\x41\"", "\\x41"),
        ["trailing comma"] = JsonAndText("[1,]", "[1,]"),
        ["number 1e400"] = JsonAndText("1e400", "1e400"),
        ["number 99999999999999999999"] = JsonAndText("99999999999999999999", "99999999999999999999"),
        ["negative number"] = JsonAndText("-1", "-1"),
        ["int.MinValue"] = JsonAndText("-2147483648", "-2147483648"),
        ["int.MaxValue + 1"] = JsonAndText("2147483648", "2147483648"),
        ["fraction"] = JsonAndText("1.5", "1.5"),
        ["zero"] = JsonAndText("0", "0"),
        ["escaped control characters"] = JsonAndText("\"\\u0000\\u0001\\b\\f\\u001f\\u007f\"", "\0\u0001\b\f\u001f\u007f"),
        ["raw control characters"] = JsonAndText("\"a\u0001b\u0000c\"", "a\u0001b\u0000c"),
        ["CRLF injection"] = JsonAndText("\"a\\r\\nX-Injected: 1\"", "a\r\nX-Injected: 1"),
        ["lone high surrogate"] = new("\"\\ud800\"", "%ED%A0%80"),
        ["lone low surrogate"] = new("\"x\\udfffy\"", "x%ED%BF%BFy"),
        ["reversed surrogate pair"] = new("\"\\udc00\\ud800\"", "%ED%B0%80%ED%A0%80"),
        ["invalid UTF-8 bytes"] = new("\"a\uF7FF\uF7FEb\"", "a%FF%FEb"),
        ["overlong UTF-8 NUL"] = new("\"\uF7C0\uF780\"", "%C0%80"),
        ["SQL drop table"] = JsonAndText("\"'; DROP TABLE Articles;--\"", "'; DROP TABLE Articles;--"),
        ["SQL tautology"] = JsonAndText("\"x' OR '1'='1\\\" OR 1=1; DELETE FROM Tags; --\"", "x' OR '1'='1\" OR 1=1; DELETE FROM Tags; --"),
        ["LIKE wildcards"] = JsonAndText("\"%_[]^\\\\\"", "%_[]^\\"),
        ["script tag"] = JsonAndText("\"<script>alert(1)</script>\"", "<script>alert(1)</script>"),
        ["HTML attribute breakout"] = JsonAndText("\"\\\"><img src=x onerror=alert(1)>\"", "\"><img src=x onerror=alert(1)>"),
        ["format string"] = JsonAndText("\"{0}{1}%s%n%x\"", "{0}{1}%s%n%x"),
        ["path traversal"] = JsonAndText("\"../../etc/passwd\"", "../../etc/passwd"),
        ["emoji, bidi and combining marks"] = JsonAndText("\"😀\\u202e\\u200b cafe\\u0301 ﷽\"", "😀\u202e\u200b cafe\u0301 ﷽"),
        ["600,000-character string"] = JsonAndText("\"" + new string('a', 600_000) + "\"", new string('a', 8_000)),
        ["100 nested arrays"] = JsonAndText(new string('[', 100) + new string(']', 100), new string('[', 100)),
        ["100 nested objects"] = JsonAndText(string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100), "{\"a\":{\"a\":{"),
        ["empty object"] = JsonAndText("{}", "{}"),
        ["null"] = JsonAndText("null", "null"),
        ["empty string"] = new("\"\"", ""),
        ["whitespace string"] = JsonAndText("\"   \"", "   "),
        ["earliest date"] = JsonAndText("\"0001-01-01T00:00:00Z\"", "0001-01-01T00:00:00Z"),
        ["latest date"] = JsonAndText("\"9999-12-31T23:59:59.9999999Z\"", "9999-12-31T23:59:59.9999999Z"),
        ["earliest date with offset"] = JsonAndText("\"0001-01-01T00:00:00+14:00\"", "0001-01-01T00:00:00+14:00"),
        ["latest date with offset"] = JsonAndText("\"9999-12-31T23:59:59-14:00\"", "9999-12-31T23:59:59-14:00"),
    };

    /// <summary>§V is the hostile value, @u a unique token, @y the id of a victim article.</summary>
    internal static readonly string[] TagTemplates =
    [
        """{"name":§V}""",
        """{"name":"Hostile @u","slug":§V}""",
        """{"name":"Hostile @u","description":§V}""",
        """{"name":§V,"slug":§V,"description":§V}""",
        """{"name":"Hostile @u","extra":§V}""",
    ];

    internal static readonly string[] ArticleTemplates =
    [
        """{"title":§V,"body":"Body"}""",
        """{"title":"Hostile @u","body":§V}""",
        """{"title":"Hostile @u","body":"Body","slug":§V}""",
        """{"title":"Hostile @u","body":"Body","summary":§V}""",
        """{"title":"Hostile @u","body":"Body","featureImageUrl":§V}""",
        """{"title":"Hostile @u","body":"Body","status":§V}""",
        """{"title":"Hostile @u","body":"Body","status":"published","publishedAt":§V}""",
        """{"title":"Hostile @u","body":"Body","tags":§V}""",
        """{"title":"Hostile @u","body":"Body","tags":[§V]}""",
        """{"title":"Hostile @u","body":"Body","relatedArticleIds":§V}""",
        """{"title":"Hostile @u","body":"Body","relatedArticleIds":[§V]}""",
        """{"title":§V,"slug":§V,"summary":§V,"body":§V,"featureImageUrl":§V,"status":§V,"publishedAt":§V,"tags":[§V],"relatedArticleIds":[§V]}""",
    ];

    internal static readonly string[] ReplaceRelatedTemplates =
    [
        """{"articleIds":§V}""",
        """{"articleIds":[§V]}""",
        """{"articleIds":[@y,§V]}""",
    ];

    internal static readonly string[] AddRelatedTemplates =
    [
        """{"articleId":§V}""",
        """{"articleId":@y,"position":§V}""",
        """{"articleId":@y,"reciprocal":§V}""",
        """{"articleId":§V,"position":§V,"reciprocal":§V}""",
    ];

    /// <summary>Endpoints that read a JSON body; {tag} and {article} are replaced by ids of rows created for the test.</summary>
    public static TheoryData<string> BodyEndpoints => new()
    {
        "POST /api/tags",
        "PUT /api/tags/{tag}",
        "POST /api/articles",
        "PUT /api/articles/{article}",
        "PUT /api/articles/{article}/related",
        "POST /api/articles/{article}/related",
    };

    public static TheoryData<string, string> UnknownUrls => new()
    {
        { "GET", "/api/nope" },
        { "GET", "/nope/at/all" },
        { "POST", "/api/nope" },
        { "GET", "/api/tags/abc" },
        { "GET", "/api/tags/1/extra" },
        { "GET", "/api/tags/99999999999" },
        { "DELETE", "/api/tags/1.5" },
        { "GET", "/api/articles/abc/related" },
        { "DELETE", "/api/articles/1/related/abc" },
        { "PUT", "/api/articles/slug/x/y" },
    };

    public static TheoryData<string, string, string> WrongMethods => new()
    {
        { "DELETE", "/api/tags", "GET,POST" },
        { "PATCH", "/api/tags/1", "DELETE,GET,PUT" },
        { "POST", "/api/tags/1", "DELETE,GET,PUT" },
        { "DELETE", "/api/tags/slug/x", "GET" },
        { "PUT", "/api/articles", "GET,POST" },
        { "PATCH", "/api/articles/1", "DELETE,GET,PUT" },
        { "DELETE", "/api/articles/1/related", "GET,POST,PUT" },
        { "GET", "/api/articles/1/related/2", "DELETE" },
    };

    public static TheoryData<string, string> MalformedBodies => CrossEndpoints(
        """{"name":""",
        """{name:"x"}""",
        """{"title":"a",}""",
        "not json",
        """{"a":1}}""",
        """{"a":"\x41"}""",
        "{\"a\":\"line\nbreak\"}",
        "\uF7EF\uF7BB{\"name\":\"half a BOM\"}");

    public static TheoryData<string, string> NonObjectBodies => CrossEndpoints("[]", "[{}]", "null", "\"text\"", "42", "true");

    public static TheoryData<string, string> WrongContentTypes => CrossEndpoints(
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "none");

    public static TheoryData<string, string, string> WrongJsonTypes => new()
    {
        { "POST /api/tags", """{"name":5}""", "name" },
        { "POST /api/tags", """{"name":"n","description":{"a":1}}""", "description" },
        { "POST /api/tags", """{"name":"n","slug":["a"]}""", "slug" },
        { "PUT /api/tags/{tag}", """{"name":true}""", "name" },
        { "POST /api/articles", """{"title":5,"body":"b"}""", "title" },
        { "POST /api/articles", """{"title":"t","body":"b","tags":"x"}""", "tags" },
        { "POST /api/articles", """{"title":"t","body":"b","tags":[1]}""", "tags[0]" },
        { "POST /api/articles", """{"title":"t","body":"b","relatedArticleIds":["a"]}""", "relatedArticleIds[0]" },
        { "POST /api/articles", """{"title":"t","body":"b","relatedArticleIds":7}""", "relatedArticleIds" },
        { "POST /api/articles", """{"title":"t","body":"b","publishedAt":"yesterday"}""", "publishedAt" },
        { "POST /api/articles", """{"title":"t","body":"b","status":1}""", "status" },
        { "PUT /api/articles/{article}", """{"title":"t","body":[]}""", "body" },
        { "PUT /api/articles/{article}/related", """{"articleIds":"1"}""", "articleIds" },
        { "PUT /api/articles/{article}/related", """{"articleIds":[1.5]}""", "articleIds[0]" },
        { "POST /api/articles/{article}/related", """{"articleId":"x"}""", "articleId" },
        { "POST /api/articles/{article}/related", """{"articleId":1,"position":"first"}""", "position" },
        { "POST /api/articles/{article}/related", """{"articleId":1,"reciprocal":"yes"}""", "reciprocal" },
    };

    public static TheoryData<string> HostileInputNames
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in HostileInputs.Keys)
            {
                data.Add(name);
            }

            return data;
        }
    }

    private static TheoryData<string, string> CrossEndpoints(params string[] values)
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in BodyEndpoints)
        {
            foreach (var value in values)
            {
                data.Add(endpoint.Data, value);
            }
        }

        return data;
    }
}

/// <summary>RFC 9457 problem details for every failure, and no 5xx whatever the client sends.</summary>
public abstract class ErrorHandlingTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    // ---------------------------------------------------------------- unknown URL, wrong method

    [Theory]
    [MemberData(nameof(ErrorHandlingTestData.UnknownUrls), MemberType = typeof(ErrorHandlingTestData))]
    public async Task UnknownUrl_Returns404Problem(string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);

        var response = await Client.SendAsync(request, Ct);

        var problem = await ReadProblemAsync(response, HttpStatusCode.NotFound);
        Assert.True(Uri.IsWellFormedUriString(problem.GetProperty("type").GetString(), UriKind.Absolute));
    }

    [Theory]
    [MemberData(nameof(ErrorHandlingTestData.WrongMethods), MemberType = typeof(ErrorHandlingTestData))]
    public async Task WrongMethod_Returns405ProblemWithAllowHeader(string method, string url, string allowed)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);

        var response = await Client.SendAsync(request, Ct);

        var problem = await ReadProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Contains(method, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var allow = response.Content.Headers.Allow.Concat(
            response.Headers.TryGetValues("Allow", out var values) ? values : []);
        Assert.Equal(allowed, string.Join(',', allow.SelectMany(a => a.Split(',')).Select(a => a.Trim()).Distinct().Order(StringComparer.Ordinal)));
    }

    // ---------------------------------------------------------------- unreadable bodies

    [Theory]
    [MemberData(nameof(ErrorHandlingTestData.MalformedBodies), MemberType = typeof(ErrorHandlingTestData))]
    public async Task MalformedJson_Returns400Problem(string endpoint, string body)
    {
        var (method, url) = await ResolveAsync(endpoint);

        var response = await SendJsonAsync(method, url, ToUtf8(body));

        await ReadProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(ErrorHandlingTestData.BodyEndpoints), MemberType = typeof(ErrorHandlingTestData))]
    public async Task EmptyBody_Returns400Problem(string endpoint)
    {
        var (method, url) = await ResolveAsync(endpoint);

        var response = await SendJsonAsync(method, url, []);

        await ReadProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(ErrorHandlingTestData.BodyEndpoints), MemberType = typeof(ErrorHandlingTestData))]
    public async Task NoBodyAtAll_Returns4xxProblem(string endpoint)
    {
        var (method, url) = await ResolveAsync(endpoint);
        using var request = new HttpRequestMessage(method, url);

        var response = await Client.SendAsync(request, Ct);

        Assert.InRange((int)response.StatusCode, 400, 499);
        await ReadProblemAsync(response, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(ErrorHandlingTestData.NonObjectBodies), MemberType = typeof(ErrorHandlingTestData))]
    public async Task BodyThatIsNotAnObject_Returns400Problem(string endpoint, string body)
    {
        var (method, url) = await ResolveAsync(endpoint);

        var response = await SendJsonAsync(method, url, ToUtf8(body));

        await ReadProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(ErrorHandlingTestData.WrongJsonTypes), MemberType = typeof(ErrorHandlingTestData))]
    public async Task WrongJsonType_Returns400NamingTheField(string endpoint, string body, string field)
    {
        var (method, url) = await ResolveAsync(endpoint);

        var response = await SendJsonAsync(method, url, ToUtf8(body));

        await AssertValidationErrorsAsync(response, field);
    }

    [Theory]
    [MemberData(nameof(ErrorHandlingTestData.WrongContentTypes), MemberType = typeof(ErrorHandlingTestData))]
    public async Task WrongContentType_Returns415Problem(string endpoint, string contentType)
    {
        var (method, url) = await ResolveAsync(endpoint);
        using var request = new HttpRequestMessage(method, url)
        {
            Content = new ByteArrayContent(ToUtf8(ValidBody(endpoint, await CreatePublishedArticleAsync()))),
        };
        if (contentType != "none")
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        var response = await Client.SendAsync(request, Ct);

        await ReadProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [MemberData(nameof(ErrorHandlingTestData.BodyEndpoints), MemberType = typeof(ErrorHandlingTestData))]
    public async Task JsonSuffixContentType_IsAcceptedAsJson(string endpoint)
    {
        var (method, url) = await ResolveAsync(endpoint);
        using var request = new HttpRequestMessage(method, url)
        {
            Content = new ByteArrayContent(ToUtf8(ValidBody(endpoint, await CreatePublishedArticleAsync()))),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");

        var response = await Client.SendAsync(request, Ct);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    // ---------------------------------------------------------------- hostile input everywhere

    [Theory]
    [MemberData(nameof(ErrorHandlingTestData.HostileInputNames), MemberType = typeof(ErrorHandlingTestData))]
    public async Task HostileInput_ToEveryEndpoint_NeverCauses5xxAndLeavesOtherDataUnchanged(string name)
    {
        var hostile = ErrorHandlingTestData.HostileInputs[name];
        var value = hostile.Json;
        var query = hostile.Query;

        // The test host, like Kestrel (which answers 400 before the app runs), refuses a NUL in the path itself.
        var path = query.Replace("%00", "", StringComparison.Ordinal);

        // Data that no request below may change.
        var token = Unique();
        var sentinelTag = await CreateTagAsync($"Sentinel {token}", description: "Must not change.");
        var sentinelA = await CreatePublishedArticleAsync($"Sentinel A {token}", [sentinelTag.Name]);
        var sentinelB = await CreatePublishedArticleAsync($"Sentinel B {token}", [sentinelTag.Name], [sentinelA.Id]);
        string[] snapshotUrls =
        [
            $"/api/tags/{sentinelTag.Id}",
            $"/api/tags/slug/{sentinelTag.Slug}",
            $"/api/tags?q={token}",
            $"/api/articles/{sentinelA.Id}",
            $"/api/articles/{sentinelB.Id}",
            $"/api/articles/slug/{sentinelA.Slug}",
            $"/api/articles/{sentinelB.Id}/related",
            $"/api/articles/{sentinelA.Id}/related",
            $"/api/articles?q={token}&status=all",
            $"/api/articles?tag={sentinelTag.Slug}",
        ];
        var before = await SnapshotAsync(snapshotUrls);

        // Rows the requests below may legitimately change or delete.
        var victimTag = await CreateTagAsync();
        var x = (await CreatePublishedArticleAsync()).Id;
        var y = (await CreatePublishedArticleAsync()).Id;

        var failures = new List<string>();

        async Task SendBodiesAsync(HttpMethod method, string url, string[] templates)
        {
            await SendAsync(failures, method, url, ToUtf8(value));
            foreach (var template in templates)
            {
                var body = template
                    .Replace("@u", Unique(), StringComparison.Ordinal)
                    .Replace("@y", y.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("§V", value, StringComparison.Ordinal);
                await SendAsync(failures, method, url, ToUtf8(body));
            }
        }

        await SendBodiesAsync(HttpMethod.Post, "/api/tags", ErrorHandlingTestData.TagTemplates);
        await SendBodiesAsync(HttpMethod.Put, $"/api/tags/{victimTag.Id}", ErrorHandlingTestData.TagTemplates);
        await SendBodiesAsync(HttpMethod.Post, "/api/articles", ErrorHandlingTestData.ArticleTemplates);
        await SendBodiesAsync(HttpMethod.Put, $"/api/articles/{x}", ErrorHandlingTestData.ArticleTemplates);
        await SendBodiesAsync(HttpMethod.Put, $"/api/articles/{x}/related", ErrorHandlingTestData.ReplaceRelatedTemplates);
        await SendBodiesAsync(HttpMethod.Post, $"/api/articles/{x}/related", ErrorHandlingTestData.AddRelatedTemplates);

        string[] reads =
        [
            $"/api/tags?q={query}",
            $"/api/tags?page={query}",
            $"/api/tags?pageSize={query}",
            $"/api/tags?q={query}&page={query}&pageSize={query}",
            $"/api/tags?{query}={query}",
            $"/api/articles?q={query}",
            $"/api/articles?tag={query}",
            $"/api/articles?status={query}",
            $"/api/articles?page={query}",
            $"/api/articles?pageSize={query}",
            $"/api/articles?q={query}&tag={query}&status={query}&page={query}&pageSize={query}",
            $"/api/articles?q={query}&status=all",
            $"/api/tags/slug/{path}",
            $"/api/articles/slug/{path}",
            $"/api/tags/{path}",
            $"/api/articles/{path}",
            $"/api/articles/{path}/related",
        ];
        foreach (var url in reads)
        {
            await SendAsync(failures, HttpMethod.Get, url, null);
        }

        string[] hostilePathDeletes =
        [
            $"/api/tags/{path}",
            $"/api/articles/{path}",
            $"/api/articles/{x}/related/{path}",
            $"/api/articles/{path}/related/{y}",
        ];
        foreach (var url in hostilePathDeletes)
        {
            await SendAsync(failures, HttpMethod.Delete, url, null);
        }

        string[] deletesWithHostileBody =
        [
            $"/api/articles/{x}/related/{y}",
            $"/api/tags/{victimTag.Id}",
            $"/api/articles/{y}",
            $"/api/articles/{x}",
        ];
        foreach (var url in deletesWithHostileBody)
        {
            await SendAsync(failures, HttpMethod.Delete, url, ToUtf8(value));
        }

        Assert.True(failures.Count == 0, $"{failures.Count} responses broke the rules:\n" + string.Join('\n', failures));
        var after = await SnapshotAsync(snapshotUrls);
        for (var i = 0; i < snapshotUrls.Length; i++)
        {
            Assert.True(before[i] == after[i], $"GET {snapshotUrls[i]} changed.\nBefore: {before[i]}\nAfter:  {after[i]}");
        }
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>UTF-8 bytes of <paramref name="text"/>, where U+F700–U+F7FF stand for single raw bytes (to send invalid UTF-8).</summary>
    private static byte[] ToUtf8(string text)
    {
        var bytes = new List<byte>(text.Length);
        Span<byte> buffer = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is >= 0xF700 and <= 0xF7FF)
            {
                bytes.Add((byte)(rune.Value - 0xF700));
            }
            else
            {
                var length = rune.EncodeToUtf8(buffer);
                bytes.AddRange(buffer[..length]);
            }
        }

        return [.. bytes];
    }

    /// <summary>The method and URL of an endpoint, with {tag} and {article} replaced by ids of new rows.</summary>
    private async Task<(HttpMethod Method, string Url)> ResolveAsync(string endpoint)
    {
        var parts = endpoint.Split(' ');
        var url = parts[1];
        if (url.Contains("{tag}", StringComparison.Ordinal))
        {
            url = url.Replace("{tag}", (await CreateTagAsync()).Id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        if (url.Contains("{article}", StringComparison.Ordinal))
        {
            url = url.Replace("{article}", (await CreatePublishedArticleAsync()).Id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return (new HttpMethod(parts[0]), url);
    }

    /// <summary>A body the endpoint accepts; <paramref name="other"/> is an article the related endpoints may link to.</summary>
    private static string ValidBody(string endpoint, ArticleResponse other) => endpoint switch
    {
        _ when endpoint.EndsWith("/related", StringComparison.Ordinal) && endpoint.StartsWith("PUT", StringComparison.Ordinal) =>
            $$"""{"articleIds":[{{other.Id}}]}""",
        _ when endpoint.EndsWith("/related", StringComparison.Ordinal) => $$"""{"articleId":{{other.Id}}}""",
        _ when endpoint.Contains("/api/tags", StringComparison.Ordinal) => $$"""{"name":"{{Unique("Valid ")}}"}""",
        _ => $$"""{"title":"{{Unique("Valid ")}}","body":"Body."}""",
    };

    private async Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string url, byte[] body)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return await Client.SendAsync(request, Ct);
    }

    /// <summary>Sends one request and records it in <paramref name="failures"/> when it answers 5xx or a 4xx that is not problem details.</summary>
    private async Task SendAsync(List<string> failures, HttpMethod method, string url, byte[]? body)
    {
        var what = $"{method} {Shorten(url)}" + (body is null ? "" : " " + Shorten(Encoding.UTF8.GetString(body)));
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        HttpResponseMessage response;
        try
        {
            response = await Client.SendAsync(request, Ct);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            failures.Add($"{what} → exception {exception.GetType().Name}: {exception.Message}");
            return;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(Ct);
            if (status >= 500)
            {
                failures.Add($"{what} → {status}: {Shorten(text)}");
            }
            else if (status >= 400)
            {
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                if (mediaType != "application/problem+json")
                {
                    failures.Add($"{what} → {status} with content type '{mediaType}': {Shorten(text)}");
                }
                else if (!IsProblem(text, status))
                {
                    failures.Add($"{what} → {status} with an incomplete problem: {Shorten(text)}");
                }
            }
        }
    }

    private static bool IsProblem(string text, int status)
    {
        try
        {
            var root = JsonDocument.Parse(text).RootElement;
            return root.TryGetProperty("status", out var s) && s.GetInt32() == status
                && root.TryGetProperty("title", out var title) && !string.IsNullOrEmpty(title.GetString())
                && root.TryGetProperty("type", out var type) && !string.IsNullOrEmpty(type.GetString())
                && root.TryGetProperty("traceId", out var traceId) && !string.IsNullOrEmpty(traceId.GetString());
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Shorten(string text) =>
        text.Length <= 120 ? text : string.Concat(text.AsSpan(0, 100), $"… ({text.Length} chars)");

    private async Task<string[]> SnapshotAsync(string[] urls)
    {
        var bodies = new string[urls.Length];
        for (var i = 0; i < urls.Length; i++)
        {
            // An editor's read: sees drafts too, and is never answered from the output cache.
            var response = await Editor.GetAsync(urls[i], Ct);
            bodies[i] = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {urls[i]}: {(int)response.StatusCode} {bodies[i]}");
        }

        return bodies;
    }
}
