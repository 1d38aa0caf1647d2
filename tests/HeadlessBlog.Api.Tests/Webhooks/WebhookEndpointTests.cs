using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Api.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Tests.Webhooks;

public sealed class WebhookEndpointOnSqlite(SqliteApiFactory factory) : WebhookEndpointTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class WebhookEndpointOnSqlServer(SqlServerApiFactory factory) : WebhookEndpointTests<SqlServerApiFactory>(factory);

/// <summary>Theory data of the webhook tests (static members cannot live on the generic classes).</summary>
public static class WebhookTestData
{
    /// <summary>URLs a webhook may not be registered with: missing, not absolute http(s), without a host, with user info, too long.</summary>
    public static TheoryData<string?> InvalidUrls => new()
    {
        (string?)null,
        "",
        "   ",
        "not a url",
        "/hooks/relative",
        "ftp://hooks.example/x",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "https://user:secret@hooks.example/x",
        "https://hooks.example/" + new string('a', 2_000),
    };

    /// <summary>Event lists a webhook may not subscribe to (empty, too many, unknown types, a null entry), and the field named.</summary>
#pragma warning disable CA1861 // Theory data: each array is built once per enumeration.
    public static TheoryData<string?[], string> InvalidEvents => new()
    {
        { Array.Empty<string?>(), "events" },
        { Enumerable.Repeat("article.created", 21).ToArray<string?>(), "events" },
        { new string?[] { "article.nope" }, "events[0]" },
        { new string?[] { "tag.created", "ARTICLE.*" }, "events[1]" },
        { new string?[] { "*", null }, "events[1]" },
    };
#pragma warning restore CA1861
}

/// <summary>Registering, reading, replacing and deleting webhooks and rotating their secrets, with a webhooks:manage key.</summary>
public abstract class WebhookEndpointTests<TFactory>(TFactory factory) : WebhookTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Create_WithUrlOnly_Returns201WithSecretLocationAndDefaults()
    {
        var url = UniqueUrl();

        var response = await Manager.PostAsJsonAsync("/api/webhooks", new { url }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<WebhookCreated>(Ct))!;
        Assert.Equal($"/api/webhooks/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(url, created.Url);
        Assert.Equal(["*"], created.Events);
        Assert.True(created.Enabled);
        Assert.Equal("standard", created.Format);
        Assert.True(created.PublicOnly);
        Assert.Null(created.Description);
        Assert.Null(created.DisabledReason);
        Assert.StartsWith("whsec_", created.Secret, StringComparison.Ordinal);
        Assert.True(Convert.FromBase64String(created.Secret["whsec_".Length..]).Length >= 24, created.Secret);
        Assert.Equal(ETagOf(created.Version), response.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task Create_WithEveryField_KeepsThem()
    {
        var url = UniqueUrl();
        string[] events = ["article.published", "tag.*", "article.published"];

        var created = await CreateWebhookAsync(new
        {
            url,
            events,
            description = "  Rebuild the site.  ",
            enabled = false,
            format = "empty",
            publicOnly = false,
        });

        Assert.Equal(["article.published", "tag.*"], created.Events);
        Assert.Equal("Rebuild the site.", created.Description);
        Assert.False(created.Enabled);
        Assert.Equal("empty", created.Format);
        Assert.False(created.PublicOnly);
        AssertSame(created, new WebhookCreated(await GetWebhookAsync(created.Id), created.Secret));
    }

    [Fact]
    public async Task Create_StartsAtTheChangeLogsHead_SoOnlyLaterEventsAreDelivered()
    {
        await CreateTagAsync();

        var created = await CreateWebhookAsync();

        var (position, head) = await WithDbAsync(async db => (
            await db.WebhookCursors.Where(c => c.WebhookId == created.Id).Select(c => c.Position).SingleAsync(Ct),
            await db.ContentChanges.MaxAsync(c => (long?)c.Id, Ct) ?? 0));
        Assert.True(head > 0);
        Assert.Equal(head, position);
    }

    [Fact]
    public async Task Reads_NeverShowTheSecret()
    {
        var created = await CreateWebhookAsync();

        var one = await Manager.GetStringAsync($"/api/webhooks/{created.Id}", Ct);
        var all = await Manager.GetStringAsync("/api/webhooks", Ct);

        Assert.Contains(created.Url, all, StringComparison.Ordinal);
        Assert.Contains(created.Url, one, StringComparison.Ordinal);
        foreach (var body in new[] { one, all })
        {
            Assert.DoesNotContain(created.Secret["whsec_".Length..], body, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Create_WithEveryFieldInvalid_Returns400NamingEveryField()
    {
        string[] events = ["article.nope"];

        var response = await Manager.PostAsJsonAsync(
            "/api/webhooks", new { url = "ftp://hooks.example/x", events, description = new string('d', 501), format = "xml" }, Ct);

        await AssertValidationErrorsAsync(response, "url", "events[0]", "description", "format");
    }

    [Theory]
    [MemberData(nameof(WebhookTestData.InvalidUrls), MemberType = typeof(WebhookTestData))]
    public async Task Create_WithInvalidUrl_Returns400NamingUrl(string? url)
    {
        var response = await Manager.PostAsJsonAsync("/api/webhooks", new { url }, Ct);

        await AssertValidationErrorsAsync(response, "url");
    }

    [Theory]
    [MemberData(nameof(WebhookTestData.InvalidEvents), MemberType = typeof(WebhookTestData))]
    public async Task Create_WithInvalidEvents_Returns400NamingEvents(string?[] events, string field)
    {
        var response = await Manager.PostAsJsonAsync("/api/webhooks", new { url = UniqueUrl(), events }, Ct);

        await AssertValidationErrorsAsync(response, field);
    }

    [Fact]
    public async Task Create_WithoutManageScope_Returns403NamingTheScope_AndCreatesNothing()
    {
        var url = UniqueUrl();

        var response = await SendWithKeyAsync(HttpMethod.Post, "/api/webhooks", EditorKey, new { url });

        var problem = await ReadProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains(Scopes.ManageWebhooks, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(url, await Manager.GetStringAsync("/api/webhooks", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_WithoutManageScope_Returns403()
    {
        var response = await SendWithKeyAsync(HttpMethod.Get, "/api/webhooks", EditorKey);

        await ReadProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Create_WithoutKey_Returns401()
    {
        var response = await SendWithKeyAsync(HttpMethod.Post, "/api/webhooks", key: null, new { url = UniqueUrl() });

        await ReadProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task Get_Unknown_Returns404Problem()
    {
        var response = await Manager.GetAsync($"/api/webhooks/{int.MaxValue}", Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_WithStaleIfMatch_Returns412AndChangesNothing()
    {
        var created = await CreateWebhookAsync();
        var stale = ETagOf(created.Version);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(created.Id, stale, new { url = UniqueUrl() })).StatusCode);
        var current = await GetWebhookAsync(created.Id);

        var response = await PutAsync(created.Id, stale, new { url = UniqueUrl() });

        var problem = await ReadProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(current.Version, problem.GetProperty("currentVersion").GetString());
        AssertSame(current, await GetWebhookAsync(created.Id));
    }

    [Fact]
    public async Task Update_WithCurrentIfMatch_ReplacesEveryField_Returns200()
    {
        string[] before = ["tag.*"], events = ["article.deleted"];
        var created = await CreateWebhookAsync(new { url = UniqueUrl(), events = before, description = "Before.", format = "empty" });
        var url = UniqueUrl();

        var response = await PutAsync(created.Id, ETagOf(created.Version), new { url, events });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = (await response.Content.ReadFromJsonAsync<WebhookResponse>(Ct))!;
        Assert.Equal(url, updated.Url);
        Assert.Equal(["article.deleted"], updated.Events);
        Assert.Null(updated.Description);
        Assert.Equal("standard", updated.Format);
        Assert.NotEqual(created.Version, updated.Version);
        Assert.Equal(ETagOf(updated.Version), response.Headers.ETag?.ToString());
        AssertSame(updated, await GetWebhookAsync(created.Id));
    }

    [Fact]
    public async Task Update_EnablingADisabledWebhook_ClearsItsDisabledReasonAndFailingSince()
    {
        var created = await CreateWebhookAsync();
        await WithDbAsync(db => db.Webhooks.Where(w => w.Id == created.Id).ExecuteUpdateAsync(
            set => set.SetProperty(w => w.Enabled, false).SetProperty(w => w.DisabledReason, "Every attempt failed for 5 days."), Ct));
        await WithDbAsync(db => db.WebhookCursors.Where(c => c.WebhookId == created.Id).ExecuteUpdateAsync(
            set => set.SetProperty(c => c.FailingSince, (DateTime?)DateTime.UtcNow.AddDays(-5)), Ct));
        var disabled = await GetWebhookAsync(created.Id);
        Assert.Equal("Every attempt failed for 5 days.", disabled.DisabledReason);

        var response = await PutAsync(created.Id, ETagOf(disabled.Version), new { url = created.Url, enabled = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var enabled = await GetWebhookAsync(created.Id);
        Assert.True(enabled.Enabled);
        Assert.Null(enabled.DisabledReason);
        Assert.Null(await WithDbAsync(db => db.WebhookCursors.Where(c => c.WebhookId == created.Id).Select(c => c.FailingSince).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Delete_Returns204_ThenTheWebhookAndItsDeliveriesAreGone()
    {
        var created = await CreateWebhookAsync();
        await PingAsync(created.Id);
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/webhooks/{created.Id}");
        request.Headers.TryAddWithoutValidation("If-Match", ETagOf(created.Version));

        var response = await Manager.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await ReadProblemAsync(await Manager.GetAsync($"/api/webhooks/{created.Id}", Ct), HttpStatusCode.NotFound);
        Assert.Equal(0, await WithDbAsync(db => db.WebhookDeliveries.CountAsync(d => d.WebhookId == created.Id, Ct)));
    }

    [Fact]
    public async Task RotateSecret_GivesANewSecret_AndKeepsThePreviousOneFor24Hours()
    {
        var created = await CreateWebhookAsync();
        var before = Factory.Clock.GetUtcNow().UtcDateTime;

        var response = await Manager.PostAsync($"/api/webhooks/{created.Id}/rotate-secret", null, Ct);

        var after = Factory.Clock.GetUtcNow().UtcDateTime;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rotated = (await response.Content.ReadFromJsonAsync<WebhookSecretRotated>(Ct))!;
        Assert.StartsWith("whsec_", rotated.Secret, StringComparison.Ordinal);
        Assert.NotEqual(created.Secret, rotated.Secret);
        Assert.InRange(rotated.PreviousSecretExpiresAt, before.AddHours(24), after.AddHours(24));
        var row = await WithDbAsync(db => db.Webhooks.AsNoTracking().SingleAsync(w => w.Id == created.Id, Ct));
        Assert.Equal((rotated.Secret, created.Secret, rotated.PreviousSecretExpiresAt), (row.Secret, row.PreviousSecret, row.PreviousSecretUntil));
    }

    private static string ETagOf(string version) => $"\"{version}\"";

    /// <summary>Records holding lists compare them by reference: compare what they serialize to.</summary>
    private static void AssertSame<T>(T expected, T actual) =>
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected), System.Text.Json.JsonSerializer.Serialize(actual));

    private async Task<HttpResponseMessage> PutAsync(int id, string ifMatch, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/webhooks/{id}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await Manager.SendAsync(request, Ct);
    }
}
