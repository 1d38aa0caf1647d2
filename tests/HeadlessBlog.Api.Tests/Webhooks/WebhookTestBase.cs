using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Api.Webhooks;
using HeadlessBlog.Data;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Webhooks;

/// <summary>What the webhook tests share: a key with webhooks:manage, registered webhooks and the host's database.</summary>
public abstract class WebhookTestBase<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    private string? _manageKey;
    private HttpClient? _manager;

    /// <summary>A key with webhooks:manage only, stored in the host's database.</summary>
    protected string ManageKey => _manageKey ??= CreateKey("Test webhook manager", Scopes.ManageWebhooks);

    /// <summary>Every request carries <see cref="ManageKey"/>; no If-Match unless the test sends one.</summary>
    protected HttpClient Manager => _manager ??= Factory.CreateKeyClient(ManageKey, ifMatch: false);

    /// <summary>The editor's key (content:write, without webhooks:manage); skips the test where the database is unavailable.</summary>
    protected string EditorKey
    {
        get
        {
            Assert.SkipWhen(Factory.UnavailableReason is not null, Factory.UnavailableReason ?? "");
            return Factory.WriteKey;
        }
    }

    protected static string UniqueUrl() => $"https://hooks.example/{Unique("h")}";

    /// <summary>A new webhook (POST, asserting 201), by default with only a URL.</summary>
    protected async Task<WebhookCreated> CreateWebhookAsync(object? body = null)
    {
        var response = await Manager.PostAsJsonAsync("/api/webhooks", body ?? new { url = UniqueUrl() }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<WebhookCreated>(Ct))!;
    }

    protected async Task<WebhookResponse> GetWebhookAsync(int id)
    {
        var response = await Manager.GetAsync($"/api/webhooks/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<WebhookResponse>(Ct))!;
    }

    /// <summary>Queues a ping (asserting 202) and returns its delivery id.</summary>
    protected async Task<long> PingAsync(int webhookId)
    {
        var response = await Manager.PostAsync($"/api/webhooks/{webhookId}/ping", null, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<WebhookPingAccepted>(Ct))!.DeliveryId;
    }

    /// <summary>Runs <paramref name="action"/> on the host's database, as the dispatcher would write it.</summary>
    protected async Task<T> WithDbAsync<T>(Func<BlogDbContext, Task<T>> action)
    {
        Assert.SkipWhen(Factory.UnavailableReason is not null, Factory.UnavailableReason ?? "");
        await using var scope = Factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<BlogDbContext>());
    }

    /// <summary>A request with exactly this key (none when null) and JSON body.</summary>
    protected async Task<HttpResponseMessage> SendWithKeyAsync(HttpMethod method, string url, string? key, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (key is not null)
        {
            request.Headers.Add(ApiKeys.HeaderName, key);
        }

        return await Factory.CreateAnonymousClient().SendAsync(request, Ct);
    }

    protected string CreateKey(string name, string scope)
    {
        Assert.SkipWhen(Factory.UnavailableReason is not null, Factory.UnavailableReason ?? "");
        using var scopeOfServices = Factory.Services.CreateScope();
        var db = scopeOfServices.ServiceProvider.GetRequiredService<BlogDbContext>();
        var (entity, key) = ApiKeys.Create(name, [scope], Factory.Clock.GetUtcNow().UtcDateTime);
        db.ApiKeys.Add(entity);
        db.SaveChanges();
        return key;
    }
}
