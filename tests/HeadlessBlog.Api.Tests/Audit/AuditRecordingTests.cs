using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Changes;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Api.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Audit;

public sealed class AuditRecordingOnSqlite(SqliteApiFactory factory) : AuditRecordingTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class AuditRecordingOnSqlServer(SqlServerApiFactory factory) : AuditRecordingTests<SqlServerApiFactory>(factory);

/// <summary>What the audit log records: content writes with their key and fields, keys (command line included) and webhooks, never a secret.</summary>
public abstract class AuditRecordingTests<TFactory>(TFactory factory) : AuditTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task ArticleWrites_AreLogged_WithTheKeyThatMadeThem_AndTheFieldsTheySet()
    {
        var name = Unique("Editor ");
        var editor = await CreateKeyWithCliAsync(name, Scopes.Write);
        using var client = Factory.CreateKeyClient(editor.Key);
        var created = await client.PostAsJsonAsync("/api/articles", new { title = Unique("Audited "), body = "First." }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var article = (await created.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
        var updated = await client.PutAsJsonAsync($"/api/articles/{article.Id}", new { title = article.Title, body = "Second.", status = "published" }, Ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);

        var entries = (await AuditAsync($"entity=article&entityId={article.Id}")).Items;

        Assert.Equal(["article.published", "article.updated", "article.created"], entries.Select(e => e.Type));
        Assert.All(entries, e => Assert.Equal(new(editor.Id, name), e.Actor));
        Assert.Equal(["body", "status", "publishedAt"], entries[0].ChangedFields);
        Assert.Equal(["body", "status", "publishedAt"], entries[1].ChangedFields);
        Assert.Equal(["title", "slug", "body", "status"], entries[2].ChangedFields);
    }

    [Fact]
    public async Task MovingToTheTrashAndBack_IsLogged_AsADeleteThenACreateAndPublish()
    {
        var name = Unique("Trasher ");
        var editor = await CreateKeyWithCliAsync(name, Scopes.Write);
        using var client = Factory.CreateKeyClient(editor.Key);
        var created = await client.PostAsJsonAsync("/api/articles", new { title = Unique("Trashed "), body = "Body.", status = "published" }, Ct);
        var article = (await created.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/articles/{article.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/trash/{article.Id}/restore", null, Ct)).StatusCode);

        var entries = (await AuditAsync($"entity=article&entityId={article.Id}")).Items;
        Assert.Equal(["article.published", "article.created", "article.deleted", "article.published", "article.created"], entries.Select(e => e.Type));
        Assert.All(entries, e => Assert.Equal(new(editor.Id, name), e.Actor));
    }

    [Fact]
    public async Task KeysCreatedAndRevokedWithTheCommandLine_AreLogged_ButNotTheirUse_NorTheirSecret()
    {
        var created = await CreateKeyWithCliAsync(Unique("Short-lived "), Scopes.Read, Scopes.ManageWebhooks);
        using var user = Factory.CreateKeyClient(created.Key, ifMatch: false);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/webhooks", Ct)).StatusCode);
        Assert.Equal(0, (await RunKeysAsync("keys", "revoke", $"{created.Id}")).Exit);
        Assert.Equal(0, (await RunKeysAsync("keys", "revoke", $"{created.Id}")).Exit);

        var response = await Auditor.GetAsync($"/api/audit?entity=key&entityId={created.Id}", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var entries = (await AuditAsync($"entity=key&entityId={created.Id}")).Items;

        Assert.Equal(["key.revoked", "key.created"], entries.Select(e => e.Type));
        Assert.All(entries, e => Assert.Null(e.Actor));
        Assert.Equal(["revokedAt"], entries[0].ChangedFields);
        Assert.Equal(["name", "scopes"], entries[1].ChangedFields);
        Assert.DoesNotContain(created.Key["hb_".Length..], text, StringComparison.Ordinal);
        Assert.Empty(await StoredEntriesContainingAsync(created.Key[20..]));
    }

    [Fact]
    public async Task WebhookWrites_AreLogged_WithTheManagersKey_AndNeverTheSigningSecret()
    {
        var webhook = await CreateWebhookAsync(new { url = UniqueUrl(), description = "Before." });
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/webhooks/{webhook.Id}")
        {
            Content = JsonContent.Create(new { url = UniqueUrl(), description = "After." }),
        };
        put.Headers.TryAddWithoutValidation("If-Match", $"\"{webhook.Version}\"");
        var updated = await Manager.SendAsync(put, Ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var rotated = await Manager.PostAsync($"/api/webhooks/{webhook.Id}/rotate-secret", null, Ct);
        var secret = (await rotated.Content.ReadFromJsonAsync<WebhookSecretRotated>(Ct))!.Secret;
        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/webhooks/{webhook.Id}");
        delete.Headers.TryAddWithoutValidation("If-Match", $"\"{(await GetWebhookAsync(webhook.Id)).Version}\"");
        Assert.Equal(HttpStatusCode.NoContent, (await Manager.SendAsync(delete, Ct)).StatusCode);

        var response = await Auditor.GetAsync($"/api/audit?entity=webhook&entityId={webhook.Id}", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var entries = (await AuditAsync($"entity=webhook&entityId={webhook.Id}")).Items;

        Assert.Equal(["webhook.deleted", "webhook.updated", "webhook.updated", "webhook.created"], entries.Select(e => e.Type));
        Assert.Equal(["secret"], entries[1].ChangedFields);
        Assert.Equal(["url", "description"], entries[2].ChangedFields);
        Assert.All(entries, e => Assert.Equal("Test webhook manager", e.Actor?.Name));
        Assert.DoesNotContain(webhook.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.Empty(await StoredEntriesContainingAsync("whsec_"));
    }

    [Fact]
    public async Task KeyAndWebhookEvents_NeverReachTheChangeFeed()
    {
        var head = await WithDbAsync(db => db.ContentChanges.MaxAsync(c => (long?)c.Id, Ct)) ?? 0;

        var webhook = await CreateWebhookAsync();
        var key = await CreateKeyWithCliAsync(Unique("Unseen "), Scopes.Read);
        Assert.Equal(0, (await RunKeysAsync("keys", "revoke", $"{key.Id}")).Exit);

        using var reader = Factory.CreateKeyClient(Factory.ReadKey, ifMatch: false);
        var feed = await reader.GetStringAsync($"/api/changes?after={head}", Ct);
        Assert.Contains("\"items\":[]", feed, StringComparison.Ordinal);
        Assert.Null(await WithDbAsync(db => db.ContentChanges.Where(c => c.Id > head).Select(c => (long?)c.Id).FirstOrDefaultAsync(Ct)));
        Assert.Equal(["webhook.created"], await TypesAsync($"entity=webhook&entityId={webhook.Id}"));
        Assert.Equal(["key.revoked", "key.created"], await TypesAsync($"entity=key&entityId={key.Id}"));
    }

    [Fact]
    public async Task ScheduledPublication_IsLogged_AsTheSystemsOwnWork()
    {
        var scheduled = await CreateArticleAsync(new
        {
            title = Unique("Later "),
            body = "Soon.",
            status = "published",
            publishedAt = Factory.Clock.GetUtcNow().AddHours(1),
        });
        Factory.Clock.Advance(TimeSpan.FromHours(2));

        await Factory.Services.GetRequiredService<ChangeWorker>().RunRoundAsync(Ct);

        var entries = (await AuditAsync($"entity=article&entityId={scheduled.Id}")).Items;
        Assert.Equal(["article.published", "article.created"], entries.Select(e => e.Type));
        Assert.Null(entries[0].Actor);
        Assert.NotNull(entries[1].Actor);
    }

    /// <summary>Every stored entry, whatever its columns, that contains <paramref name="text"/>.</summary>
    private Task<List<long>> StoredEntriesContainingAsync(string text) =>
        WithDbAsync(db => db.AuditEntries
            .Where(e => e.Type.Contains(text) || e.Entity.Contains(text) || e.ChangedFields.Contains(text) || (e.ActorName ?? "").Contains(text))
            .Select(e => e.Id).ToListAsync(Ct));
}
