using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Security;

/// <summary>Theory data of the security tests (static members cannot live on the generic classes).</summary>
public static class SecurityTestData
{
    public const string PostTag = "POST /api/tags";
    public const string PutTag = "PUT /api/tags/{id}";
    public const string DeleteTag = "DELETE /api/tags/{id}";
    public const string PostArticle = "POST /api/articles";
    public const string PutArticle = "PUT /api/articles/{id}";
    public const string DeleteArticle = "DELETE /api/articles/{id}";
    public const string PutRelated = "PUT /api/articles/{id}/related";
    public const string PostRelated = "POST /api/articles/{id}/related";
    public const string DeleteRelated = "DELETE /api/articles/{id}/related/{relatedId}";

    /// <summary>Every endpoint that changes content.</summary>
    public static TheoryData<string> WriteEndpoints => new()
    {
        PostTag, PutTag, DeleteTag, PostArticle, PutArticle, DeleteArticle, PutRelated, PostRelated, DeleteRelated,
    };

    /// <summary>Every endpoint that changes an existing article or tag (and so needs If-Match).</summary>
    public static TheoryData<string> ChangeEndpoints => new()
    {
        PutTag, DeleteTag, PutArticle, DeleteArticle, PutRelated, PostRelated, DeleteRelated,
    };

    /// <summary>Keys that must not authenticate; the write key's parts are substituted by the test.</summary>
    public static TheoryData<string> InvalidKeys => new()
    {
        "not-a-key",
        "Bearer something",
        "hb_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "{write key with one secret character changed}",
        "{write key under another prefix}",
        "{write secret under the read key's prefix}",
        "{write key in upper case}",
        "{write key with extra text}",
    };

    public static TheoryData<string> NonPublicStatuses => new() { "draft", "scheduled", "all" };

    /// <summary>Command lines the key CLI must refuse with exit code 2.</summary>
#pragma warning disable CA1861 // Theory data: each array is built once per enumeration.
    public static TheoryData<string[]> BadKeyCommands => new()
    {
        Array.Empty<string>(),
        new[] { "keys" },
        new[] { "keys", "frobnicate" },
        new[] { "keys", "create" },
        new[] { "keys", "create", "--name", "Ada" },
        new[] { "keys", "create", "--scope", "content:write" },
        new[] { "keys", "create", "--name", "Ada", "--scope", "admin" },
        new[] { "keys", "create", "--name", "Ada", "--scope", "content:write", "--scope", "everything" },
        new[] { "keys", "create", "--name", "   ", "--scope", "content:write" },
        new[] { "keys", "create", "--name", new string('n', 101), "--scope", "content:write" },
        new[] { "keys", "create", "--name" },
        new[] { "keys", "revoke" },
        new[] { "keys", "revoke", "abc" },
        new[] { "keys", "revoke", "-1" },
    };
#pragma warning restore CA1861
}

/// <summary>A write request built on fresh rows: what to send, where its effect shows, what it answers on success.</summary>
/// <param name="ResourceUrl">The article or tag whose If-Match the request needs; null for a creation.</param>
/// <param name="ProbeUrl">An editor's GET whose answer changes when (and only when) the request takes effect.</param>
public sealed record WriteCall(
    string Endpoint, HttpMethod Method, string Url, object? Body, string? ResourceUrl, string ProbeUrl, HttpStatusCode Success);

/// <summary>Helpers shared by the security tests: write calls on fresh rows, raw requests, keys in the database.</summary>
public abstract class SecurityTestBase<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    protected static readonly JsonSerializerOptions JsonWeb = new(JsonSerializerDefaults.Web);

    private HttpClient? _raw;

    /// <summary>Sends exactly what the test says: no key, no If-Match unless given.</summary>
    protected HttpClient Raw => _raw ??= Factory.CreateAnonymousClient();

    /// <summary>Creates the rows <paramref name="endpoint"/> needs and describes the request to send.</summary>
    protected async Task<WriteCall> PrepareAsync(string endpoint)
    {
        switch (endpoint)
        {
            case SecurityTestData.PostTag:
                {
                    var name = Unique("Tag ");
                    return new(endpoint, HttpMethod.Post, "/api/tags", new { name }, null,
                        $"/api/tags?q={Uri.EscapeDataString(name)}", HttpStatusCode.Created);
                }

            case SecurityTestData.PutTag:
            case SecurityTestData.DeleteTag:
                {
                    var tag = await CreateTagAsync();
                    var url = $"/api/tags/{tag.Id}";
                    return endpoint == SecurityTestData.PutTag
                        ? new(endpoint, HttpMethod.Put, url, new { name = Unique("Renamed ") }, url, url, HttpStatusCode.OK)
                        : new(endpoint, HttpMethod.Delete, url, null, url, url, HttpStatusCode.NoContent);
                }

            case SecurityTestData.PostArticle:
                {
                    var token = Unique();
                    return new(endpoint, HttpMethod.Post, "/api/articles", new { title = $"Article {token}", body = "A body." }, null,
                        $"/api/articles?status=all&q={token}", HttpStatusCode.Created);
                }

            case SecurityTestData.PutArticle:
            case SecurityTestData.DeleteArticle:
                {
                    var article = await CreatePublishedArticleAsync();
                    var url = $"/api/articles/{article.Id}";
                    return endpoint == SecurityTestData.PutArticle
                        ? new(endpoint, HttpMethod.Put, url, new { title = Unique("Renamed "), body = "New body.", status = "published" },
                            url, url, HttpStatusCode.OK)
                        : new(endpoint, HttpMethod.Delete, url, null, url, url, HttpStatusCode.NoContent);
                }

            case SecurityTestData.PutRelated:
            case SecurityTestData.PostRelated:
                {
                    var target = await CreatePublishedArticleAsync();
                    var article = await CreatePublishedArticleAsync();
                    var url = $"/api/articles/{article.Id}";
                    return endpoint == SecurityTestData.PutRelated
                        ? new(endpoint, HttpMethod.Put, url + "/related", new { articleIds = new[] { target.Id } }, url, url, HttpStatusCode.OK)
                        : new(endpoint, HttpMethod.Post, url + "/related", new { articleId = target.Id }, url, url, HttpStatusCode.Created);
                }

            case SecurityTestData.DeleteRelated:
                {
                    var target = await CreatePublishedArticleAsync();
                    var article = await CreatePublishedArticleAsync(related: [target.Id]);
                    var url = $"/api/articles/{article.Id}";
                    return new(endpoint, HttpMethod.Delete, $"{url}/related/{target.Id}", null, url, url, HttpStatusCode.NoContent);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, "Unknown endpoint.");
        }
    }

    /// <summary>Sends <paramref name="call"/> with exactly this key and If-Match (each may be null: not sent), by default on <see cref="Raw"/>.</summary>
    protected async Task<HttpResponseMessage> SendAsync(WriteCall call, string? key, string? ifMatch, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(call.Method, call.Url);
        if (call.Body is not null)
        {
            request.Content = JsonContent.Create(call.Body, options: JsonWeb);
        }

        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(ApiKeys.HeaderName, key);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await (client ?? Raw).SendAsync(request, Ct);
    }

    /// <summary>The current ETag of the resource the call changes, as an editor reads it (null for creations).</summary>
    protected async Task<string?> IfMatchAsync(WriteCall call) =>
        call.ResourceUrl is null ? null : await ETagAsync(call.ResourceUrl);

    protected async Task<string> ETagAsync(string url)
    {
        var response = await Editor.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag!.ToString();
    }

    /// <summary>The <c>version</c> field of an article or tag, as an editor reads it.</summary>
    protected async Task<string> VersionAsync(string url)
    {
        var response = await Editor.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("version").GetString()!;
    }

    /// <summary>What an editor sees at the call's probe: status and body (a version or a count), to prove a refused call changed nothing.</summary>
    protected async Task<string> StateAsync(WriteCall call)
    {
        var response = await Editor.GetAsync(call.ProbeUrl, Ct);
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}";
    }

    /// <summary>Skips the test where the database is unavailable here (before anything starts the host).</summary>
    protected void EnsureAvailable() => Assert.SkipWhen(Factory.UnavailableReason is not null, Factory.UnavailableReason ?? "");

    /// <summary>Runs <paramref name="action"/> on the host's database (skips the test where the database is unavailable).</summary>
    protected async Task<T> WithDbAsync<T>(Func<BlogDbContext, Task<T>> action)
    {
        EnsureAvailable();
        await using var scope = Factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<BlogDbContext>());
    }

    /// <summary>A new key stored in the database, as an administrator would create it.</summary>
    protected Task<(int Id, string Key)> CreateKeyAsync(string name, params string[] scopes) =>
        WithDbAsync(async db =>
        {
            var (entity, key) = ApiKeys.Create(name, scopes, Factory.Clock.GetUtcNow().UtcDateTime);
            db.ApiKeys.Add(entity);
            await db.SaveChangesAsync(Ct);
            return (entity.Id, key);
        });

    protected Task<ApiKey> ReadKeyRowAsync(int id) =>
        WithDbAsync(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == id, Ct));

    protected Task RevokeAsync(int id) =>
        WithDbAsync(async db =>
        {
            var key = await db.ApiKeys.SingleAsync(k => k.Id == id, Ct);
            key.RevokedAt = Factory.Clock.GetUtcNow().UtcDateTime;
            return await db.SaveChangesAsync(Ct);
        });

    protected async Task<HttpResponseMessage> GetWithKeyAsync(string url, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(ApiKeys.HeaderName, key);
        }

        return await Raw.SendAsync(request, Ct);
    }

    protected static async Task<PagedResponse<ArticleSummary>> ReadPageAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<PagedResponse<ArticleSummary>>(body, JsonWeb)!;
    }

    protected static string CacheControlOf(HttpResponseMessage response) => response.Headers.CacheControl?.ToString() ?? "";
}
