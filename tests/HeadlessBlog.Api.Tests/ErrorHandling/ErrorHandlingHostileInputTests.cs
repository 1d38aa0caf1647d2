using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.ErrorHandling;

public sealed class ErrorHandlingHostileInputOnSqlite(SqliteApiFactory factory) : ErrorHandlingHostileInputTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ErrorHandlingHostileInputOnSqlServer(SqlServerApiFactory factory) : ErrorHandlingHostileInputTests<SqlServerApiFactory>(factory);

/// <summary>Hostile input to every endpoint never causes a 5xx or a 4xx that is not problem details, and changes no other data.</summary>
public abstract class ErrorHandlingHostileInputTests<TFactory>(TFactory factory) : ErrorHandlingTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
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
