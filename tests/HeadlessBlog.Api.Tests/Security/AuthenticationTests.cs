using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Security;

public sealed class AuthenticationOnSqlite(SqliteApiFactory factory) : AuthenticationTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class AuthenticationOnSqlServer(SqlServerApiFactory factory) : AuthenticationTests<SqlServerApiFactory>(factory);

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

public abstract partial class AuthenticationTests<TFactory>(TFactory factory) : SecurityTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [GeneratedRegex("hb_[0-9a-f]{16}_[A-Za-z0-9_-]+")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^Created key (\d+) ")]
    private static partial Regex CreatedLine();

    // ---------------------------------------------------------------- writes need a key with content:write

    [Theory]
    [MemberData(nameof(SecurityTestData.WriteEndpoints), MemberType = typeof(SecurityTestData))]
    public async Task Write_WithoutKey_Answers401ProblemWithChallenge_AndChangesNothing(string endpoint)
    {
        var call = await PrepareAsync(endpoint);
        var before = await StateAsync(call);

        var response = await SendAsync(call, key: null, ifMatch: await IfMatchAsync(call));

        await ReadProblemAsync(response, HttpStatusCode.Unauthorized);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Contains(ApiKeys.HeaderName, challenge.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync(call));
    }

    [Theory]
    [MemberData(nameof(SecurityTestData.WriteEndpoints), MemberType = typeof(SecurityTestData))]
    public async Task Write_WithInvalidKey_Answers401Problem_AndChangesNothing(string endpoint)
    {
        var call = await PrepareAsync(endpoint);
        var before = await StateAsync(call);

        var response = await SendAsync(call, key: Tampered(Factory.WriteKey), ifMatch: await IfMatchAsync(call));

        await ReadProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
        Assert.Equal(before, await StateAsync(call));
    }

    [Theory]
    [MemberData(nameof(SecurityTestData.WriteEndpoints), MemberType = typeof(SecurityTestData))]
    public async Task Write_WithReadOnlyKey_Answers403Problem_AndChangesNothing(string endpoint)
    {
        var call = await PrepareAsync(endpoint);
        var before = await StateAsync(call);

        var response = await SendAsync(call, key: Factory.ReadKey, ifMatch: await IfMatchAsync(call));

        await ReadProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(before, await StateAsync(call));
    }

    [Theory]
    [MemberData(nameof(SecurityTestData.WriteEndpoints), MemberType = typeof(SecurityTestData))]
    public async Task Write_WithWriteKey_Succeeds(string endpoint)
    {
        var call = await PrepareAsync(endpoint);
        var before = await StateAsync(call);

        var response = await SendAsync(call, key: Factory.WriteKey, ifMatch: await IfMatchAsync(call));

        Assert.True(call.Success == response.StatusCode,
            $"Expected {(int)call.Success}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        Assert.NotEqual(before, await StateAsync(call));
    }

    [Theory]
    [MemberData(nameof(SecurityTestData.InvalidKeys), MemberType = typeof(SecurityTestData))]
    public async Task CreateTag_WithMalformedOrForgedKey_Answers401(string key)
    {
        EnsureAvailable();
        key = key switch
        {
            "{write key with one secret character changed}" => Tampered(Factory.WriteKey),
            "{write key under another prefix}" => "hb_" + new string('0', 16) + Factory.WriteKey[19..],
            "{write secret under the read key's prefix}" => Factory.ReadKey[..20] + Factory.WriteKey[20..],
            "{write key in upper case}" => Factory.WriteKey.ToUpperInvariant(),
            "{write key with extra text}" => Factory.WriteKey + " x",
            _ => key,
        };
        var call = await PrepareAsync(SecurityTestData.PostTag);

        var response = await SendAsync(call, key, ifMatch: null);

        await ReadProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("\"totalItems\":0", await StateAsync(call), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicRead_WithInvalidKey_Answers401InsteadOfIgnoringTheKey()
    {
        EnsureAvailable();
        var response = await GetWithKeyAsync("/api/tags", Tampered(Factory.WriteKey));

        await ReadProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    // ---------------------------------------------------------------- drafts and scheduled articles need content:read

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

    // ---------------------------------------------------------------- key lifecycle

    [Fact]
    public async Task RevokedKey_StopsWorkingAtOnce()
    {
        var (id, key) = await CreateKeyAsync(Unique("Revoked "), Scopes.Write);
        var draft = await CreateNonPublicAsync("draft");
        Assert.Equal(HttpStatusCode.OK, (await GetWithKeyAsync($"/api/articles/{draft.Id}", key)).StatusCode);

        await RevokeAsync(id);
        var read = await GetWithKeyAsync($"/api/articles/{draft.Id}", key);
        var call = await PrepareAsync(SecurityTestData.PostTag);
        var write = await SendAsync(call, key, ifMatch: null);

        await ReadProblemAsync(read, HttpStatusCode.Unauthorized);
        await ReadProblemAsync(write, HttpStatusCode.Unauthorized);
        Assert.Contains("\"totalItems\":0", await StateAsync(call), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsingAKey_RecordsLastUsedAt()
    {
        var (id, key) = await CreateKeyAsync(Unique("Used "), Scopes.Read);
        Assert.Null((await ReadKeyRowAsync(id)).LastUsedAt);
        var before = Factory.Clock.GetUtcNow().UtcDateTime;

        var response = await GetWithKeyAsync("/api/articles?status=draft", key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = Factory.Clock.GetUtcNow().UtcDateTime;
        var lastUsed = (await ReadKeyRowAsync(id)).LastUsedAt;
        Assert.NotNull(lastUsed);
        Assert.InRange(lastUsed.Value, before, after);
    }

    [Fact]
    public async Task UnusedKey_HasNoLastUsedAt_AndAnotherKeysUseDoesNotSetIt()
    {
        var (id, _) = await CreateKeyAsync(Unique("Idle "), Scopes.Read);

        Assert.Equal(HttpStatusCode.OK, (await GetWithKeyAsync("/api/articles?status=draft", Factory.ReadKey)).StatusCode);

        Assert.Null((await ReadKeyRowAsync(id)).LastUsedAt);
    }

    [Fact]
    public async Task KeysAreStoredOnlyAsHashes_ThePlainKeyAppearsNowhereInTheTable()
    {
        var (id, key) = await CreateKeyAsync(Unique("Hashed "), Scopes.Write);
        var secret = SecretOf(key);
        var secretBytes = Base64UrlDecode(secret);
        await GetWithKeyAsync("/api/tags", key);

        var cells = await WithDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(Ct);
            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT * FROM ApiKeys";
                await using var reader = await command.ExecuteReaderAsync(Ct);
                var values = new List<object>();
                while (await reader.ReadAsync(Ct))
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        values.Add(reader.GetValue(i));
                    }
                }

                return values;
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });

        Assert.NotEmpty(cells);
        foreach (var cell in cells)
        {
            if (cell is byte[] bytes)
            {
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(secret)), "A binary column holds the secret's text.");
                Assert.False(Contains(bytes, secretBytes), "A binary column holds the secret's raw bytes.");
                Assert.DoesNotContain(secret, Convert.ToBase64String(bytes), StringComparison.Ordinal);
            }
            else
            {
                var text = Convert.ToString(cell, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(key, text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(Convert.ToHexString(secretBytes), text, StringComparison.OrdinalIgnoreCase);
            }
        }

        var row = await ReadKeyRowAsync(id);
        Assert.Equal(32, row.SecretHash.Length);
    }

    [Fact]
    public async Task NewKeys_Carry256BitsOfRandomness_AndDiffer()
    {
        var first = await CreateKeyWithCliAsync(Unique("Ada "), Scopes.Write);
        var second = await CreateKeyWithCliAsync(Unique("Ada "), Scopes.Write);
        var many = Enumerable.Range(0, 500).Select(_ => ApiKeys.Create("x", [Scopes.Read], DateTime.UtcNow).Key).ToList();

        foreach (var key in (string[])[first.Key, second.Key, .. many])
        {
            var secret = SecretOf(key);
            Assert.Matches("^[A-Za-z0-9_-]{43,}$", secret);
            Assert.True(Base64UrlDecode(secret).Length >= 32, $"The secret of {key} holds fewer than 256 bits.");
        }

        Assert.NotEqual(first.Key, second.Key);
        Assert.NotEqual(SecretOf(first.Key), SecretOf(second.Key));
        Assert.Equal(many.Count, many.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(many.Count, many.Select(k => k[..19]).Distinct(StringComparer.Ordinal).Count());
    }

    // ---------------------------------------------------------------- drafts never leak through caches

    [Fact]
    public async Task DraftReadByAnEditor_IsNeverServedToAnonymousReaders()
    {
        var draft = await CreateNonPublicAsync("draft");

        var byId = await Editor.GetAsync($"/api/articles/{draft.Id}", Ct);
        var bySlug = await Editor.GetAsync($"/api/articles/slug/{draft.Slug}", Ct);
        var byReader = await GetWithKeyAsync($"/api/articles/{draft.Id}", Factory.ReadKey);
        var anonymousById = await Raw.GetAsync($"/api/articles/{draft.Id}", Ct);
        var anonymousBySlug = await Raw.GetAsync($"/api/articles/slug/{draft.Slug}", Ct);

        foreach (var editorResponse in (HttpResponseMessage[])[byId, bySlug, byReader])
        {
            Assert.Equal(HttpStatusCode.OK, editorResponse.StatusCode);
            Assert.Equal("no-store, private", NormalizedCacheControl(editorResponse));
        }

        await ReadProblemAsync(anonymousById, HttpStatusCode.NotFound);
        await ReadProblemAsync(anonymousBySlug, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListReadByAnEditor_IsNeverServedToAnonymousReaders()
    {
        var fixture = await CreateMixedArticlesAsync();
        var all = $"/api/articles?status=all&tag={fixture.TagSlug}";
        var drafts = $"/api/articles?status=draft&tag={fixture.TagSlug}";
        var published = $"/api/articles?tag={fixture.TagSlug}";

        var editorAll = await ReadPageAsync(await Editor.GetAsync(all, Ct));
        var editorDrafts = await Editor.GetAsync(drafts, Ct);
        var editorPublished = await Editor.GetAsync(published, Ct);
        var anonymousAll = await Raw.GetAsync(all, Ct);
        var anonymousDrafts = await Raw.GetAsync(drafts, Ct);
        var anonymousPublished = await ReadPageAsync(await Raw.GetAsync(published, Ct));

        Assert.Contains(fixture.Draft, editorAll.Items.Select(a => a.Id));
        Assert.Equal("no-store, private", NormalizedCacheControl(editorDrafts));
        Assert.Equal("no-store, private", NormalizedCacheControl(editorPublished));
        await ReadProblemAsync(anonymousAll, HttpStatusCode.Unauthorized);
        await ReadProblemAsync(anonymousDrafts, HttpStatusCode.Unauthorized);
        Assert.Equal([fixture.Published], anonymousPublished.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task RelatedDraftSeenByAnEditor_IsNeverServedToAnonymousReaders()
    {
        var draft = await CreateNonPublicAsync("draft");
        var article = await CreatePublishedArticleAsync(related: [draft.Id]);
        var url = $"/api/articles/{article.Id}";

        var editorRead = (await (await Editor.GetAsync(url, Ct)).Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
        var editorRelated = await Editor.GetAsync(url + "/related", Ct);
        var anonymousRead = await Raw.GetAsync(url, Ct);
        var anonymousRelated = await Raw.GetAsync(url + "/related", Ct);

        Assert.Equal([draft.Id], editorRead.Related.Select(r => r.Id));
        Assert.Equal(HttpStatusCode.OK, editorRelated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, anonymousRead.StatusCode);
        Assert.Empty((await anonymousRead.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!.Related);
        Assert.Empty((await anonymousRelated.Content.ReadFromJsonAsync<List<ArticleSummary>>(Ct))!);
        Assert.StartsWith("public", CacheControlOf(anonymousRead), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnonymousCachedRead_IsNotServedToEditors()
    {
        var article = await CreatePublishedArticleAsync();
        var url = $"/api/articles/{article.Id}";
        var anonymous = await Raw.GetAsync(url, Ct);
        Assert.StartsWith("public", CacheControlOf(anonymous), StringComparison.Ordinal);

        var editor = await Editor.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.OK, editor.StatusCode);
        Assert.Equal("no-store, private", NormalizedCacheControl(editor));
    }

    // ---------------------------------------------------------------- key-management CLI

    [Fact]
    public async Task KeysCreate_PrintsTheKeyOnce_AndThatKeyWorksForWrites()
    {
        var name = Unique("Ada ");

        var (exit, output, error) = await RunKeysAsync("keys", "create", "--name", name, "--scope", Scopes.Write);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        var key = Assert.Single(KeyPattern().Matches(output)).Value;
        var call = await PrepareAsync(SecurityTestData.PostTag);
        var response = await SendAsync(call, key, ifMatch: null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task KeysCreate_WithReadScope_GivesAKeyThatReadsDraftsButCannotWrite()
    {
        var created = await CreateKeyWithCliAsync(Unique("Reader "), Scopes.Read);
        var draft = await CreateNonPublicAsync("draft");

        var read = await GetWithKeyAsync($"/api/articles/{draft.Id}", created.Key);
        var write = await SendAsync(await PrepareAsync(SecurityTestData.PostTag), created.Key, ifMatch: null);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        await ReadProblemAsync(write, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task KeysList_ShowsTheKeyWithoutItsSecret()
    {
        var name = Unique("Listed ");
        var created = await CreateKeyWithCliAsync(name, Scopes.Write);
        var secret = SecretOf(created.Key);

        var (exit, output, error) = await RunKeysAsync("keys", "list");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        var line = Assert.Single(output.Split('\n'), l => l.Contains(name, StringComparison.Ordinal));
        Assert.StartsWith($"{created.Id}\t{name}\t{Scopes.Write}\t", line, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Key, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysRevoke_TheKeyThenGets401()
    {
        var name = Unique("Revoke me ");
        var created = await CreateKeyWithCliAsync(name, Scopes.Write);
        Assert.Equal(HttpStatusCode.OK, (await GetWithKeyAsync("/api/articles?status=draft", created.Key)).StatusCode);

        var (exit, output, error) = await RunKeysAsync("keys", "revoke", created.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains(name, output, StringComparison.Ordinal);
        await ReadProblemAsync(await GetWithKeyAsync("/api/articles?status=draft", created.Key), HttpStatusCode.Unauthorized);
        await ReadProblemAsync(await SendAsync(await PrepareAsync(SecurityTestData.PostTag), created.Key, null), HttpStatusCode.Unauthorized);
        Assert.NotNull((await ReadKeyRowAsync(created.Id)).RevokedAt);
        var (_, list, _) = await RunKeysAsync("keys", "list");
        var line = Assert.Single(list.Split('\n'), l => l.Contains(name, StringComparison.Ordinal));
        Assert.False(line.TrimEnd().EndsWith("\t-", StringComparison.Ordinal), "keys list does not show the revocation: " + line);
    }

    [Fact]
    public async Task KeysRevoke_OfAnUnknownId_FailsWithoutChangingAnything()
    {
        var (exit, output, error) = await RunKeysAsync("keys", "revoke", int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.NotEqual(0, exit);
        Assert.Equal("", output);
        Assert.NotEqual("", error);
    }

    [Theory]
    [MemberData(nameof(SecurityTestData.BadKeyCommands), MemberType = typeof(SecurityTestData))]
    public async Task Keys_WithBadArguments_Exits2WithUsage_AndCreatesNoKey(string[] args)
    {
        var before = await WithDbAsync(db => db.ApiKeys.CountAsync(Ct));

        var (exit, output, error) = await RunKeysAsync(args);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.NotEqual("", error.Trim());
        Assert.Equal(before, await WithDbAsync(db => db.ApiKeys.CountAsync(Ct)));
    }

    // ---------------------------------------------------------------- helpers

    private sealed record MixedArticles(string TagSlug, int Published, int Draft, int Scheduled);

    /// <summary>A published, a draft and a scheduled article sharing a new tag.</summary>
    private async Task<MixedArticles> CreateMixedArticlesAsync()
    {
        var tag = Unique("Mixed ");
        var published = await CreatePublishedArticleAsync(tags: [tag]);
        var draft = await CreateArticleAsync(new { title = Unique("Draft "), body = "Draft body.", tags = new[] { tag } });
        var scheduled = await CreateArticleAsync(new
        {
            title = Unique("Scheduled "),
            body = "Scheduled body.",
            status = "published",
            publishedAt = Factory.Clock.GetUtcNow().AddDays(1),
            tags = new[] { tag },
        });
        return new(published.Tags[0].Slug, published.Id, draft.Id, scheduled.Id);
    }

    private Task<ArticleResponse> CreateNonPublicAsync(string status) =>
        status == "draft"
            ? CreateArticleAsync(new { title = Unique("Draft "), body = "Secret draft body.", status = "draft" })
            : CreateArticleAsync(new
            {
                title = Unique("Scheduled "),
                body = "Embargoed body.",
                status = "published",
                publishedAt = Factory.Clock.GetUtcNow().AddDays(1),
            });

    private async Task<(int Exit, string Output, string Error)> RunKeysAsync(params string[] args)
    {
        await using var output = new StringWriter();
        await using var error = new StringWriter();
        var exit = await WithDbAsync(db => KeyCommands.RunAsync(args, db, Factory.Clock, output, error));
        return (exit, output.ToString(), error.ToString());
    }

    private async Task<(int Id, string Key)> CreateKeyWithCliAsync(string name, string scope)
    {
        var (exit, output, error) = await RunKeysAsync("keys", "create", "--name", name, "--scope", scope);
        Assert.True(exit == 0, error);
        var id = int.Parse(CreatedLine().Match(output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return (id, KeyPattern().Match(output).Value);
    }

    /// <summary>The secret part of <c>hb_&lt;16 hex prefix&gt;_&lt;secret&gt;</c> (the secret itself may contain '_').</summary>
    private static string SecretOf(string key)
    {
        Assert.Matches("^hb_[0-9a-f]{16}_", key);
        return key[20..];
    }

    /// <summary>The key with the last character of its secret changed.</summary>
    private static string Tampered(string key) => key[..^1] + (key[^1] == 'A' ? 'B' : 'A');

    private static string NormalizedCacheControl(HttpResponseMessage response) =>
        string.Join(", ", CacheControlOf(response).Split(',', StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));

    private static byte[] Base64UrlDecode(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }

    private static bool Contains(byte[] haystack, byte[] needle) =>
        needle.Length > 0 && haystack.AsSpan().IndexOf(needle) >= 0;
}
