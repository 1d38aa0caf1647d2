using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Audit;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Api.Tests.Webhooks;

namespace HeadlessBlog.Api.Tests.Audit;

/// <summary>What the audit-log tests share: keys made with the <c>keys</c> command, and reading the log with audit:read.</summary>
public abstract class AuditTestBase<TFactory>(TFactory factory) : WebhookTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    private HttpClient? _auditor;

    /// <summary>Every request carries a key with audit:read only.</summary>
    protected HttpClient Auditor => _auditor ??= Factory.CreateKeyClient(CreateKey("Test auditor", Scopes.ReadAudit), ifMatch: false);

    protected Task<(int Exit, string Output, string Error)> RunKeysAsync(params string[] args) => KeyCommandLine.RunAsync(Factory, args);

    protected Task<(int Id, string Key)> CreateKeyWithCliAsync(string name, params string[] scopes) =>
        KeyCommandLine.CreateKeyAsync(Factory, name, scopes);

    /// <summary>The audit log's page for <paramref name="query"/> (asserting 200).</summary>
    protected async Task<PagedResponse<AuditEntryResponse>> AuditAsync(string query)
    {
        var response = await Auditor.GetAsync("/api/audit?" + query, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<PagedResponse<AuditEntryResponse>>(Ct))!;
    }

    /// <summary>The types of the log's entries for <paramref name="query"/>, newest first (one page of 100).</summary>
    protected async Task<string[]> TypesAsync(string query) =>
        [.. (await AuditAsync(query + "&pageSize=100")).Items.Select(e => e.Type)];

    /// <summary>A time as the query string takes it (UTC, with its offset).</summary>
    protected static string Instant(DateTimeOffset at) =>
        Uri.EscapeDataString(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
}
