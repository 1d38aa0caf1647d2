using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Api.Webhooks;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Webhooks;

/// <summary>
/// Delivery tests: endpoints on real loopback receivers, the dispatcher's rounds run by the test (its loop does not run
/// in test hosts), the clock moved by the test. Each test's endpoints are deleted when it ends, so that they receive
/// nothing of the next test's writes.
/// </summary>
public abstract class DeliveryTestBase<TFactory>(TFactory factory) : WebhookTestBase<TFactory>(factory), IAsyncLifetime
    where TFactory : ApiFactory
{
    private readonly List<int> _webhooks = [];
    private readonly List<Receiver> _receivers = [];

    protected async Task<Receiver> ReceiverAsync()
    {
        Assert.SkipWhen(Factory.UnavailableReason is not null, Factory.UnavailableReason ?? "");
        var receiver = await Receiver.StartAsync();
        _receivers.Add(receiver);
        return receiver;
    }

    /// <summary>Registers an endpoint through the API (on this host or <paramref name="on"/>); returns its id and secret.</summary>
    protected async Task<(int Id, string Secret)> SubscribeAsync(
        string url, string events = "*", bool publicOnly = true, string format = WebhookFormats.Standard)
    {
        var created = await CreateWebhookAsync(new { url, events = events.Split(' '), publicOnly, format });
        _webhooks.Add(created.Id);
        return (created.Id, created.Secret);
    }

    /// <summary>Deletes the endpoint through the API (with its current If-Match).</summary>
    protected async Task DeleteWebhookAsync(int id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/webhooks/{id}");
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{(await GetWebhookAsync(id)).Version}\"");
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await Manager.SendAsync(request, Ct)).StatusCode);
    }

    /// <summary>One round of this instance's dispatcher (or <paramref name="on"/>'s).</summary>
    protected Task<(int Created, int Attempted)> RoundAsync(ApiFactory? on = null) =>
        (on ?? Factory).Services.GetRequiredService<WebhookDispatcher>().RunRoundAsync(Ct);

    protected Task<List<WebhookDelivery>> DeliveriesAsync(int webhookId) =>
        WithDbAsync(db => db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == webhookId).OrderBy(d => d.Id).ToListAsync(Ct));

    protected Task<Webhook> WebhookAsync(int id) => WithDbAsync(db => db.Webhooks.AsNoTracking().SingleAsync(w => w.Id == id, Ct));

    /// <summary>The event types in the bodies the receiver got, in order.</summary>
    protected static List<string> Types(Receiver receiver) =>
        [.. receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()!)];

    /// <summary>
    /// Whether a signature of <paramref name="request"/>'s header is HMAC-SHA256 of "id.timestamp.body" under
    /// <paramref name="secret"/>: checked here by hand, not with the library the API signs with.
    /// </summary>
    protected static bool IsSignedWith(ReceivedRequest request, string secret)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var content = Encoding.UTF8.GetBytes($"{request.Header("webhook-id")}.{request.Header("webhook-timestamp")}.{request.Body}");
        var expected = Encoding.ASCII.GetBytes("v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content)));
        return request.Header("webhook-signature").Split(' ')
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var receiver in _receivers)
        {
            await receiver.DisposeAsync();
        }

        if (_webhooks.Count > 0 && Factory.UnavailableReason is null)
        {
            using var scope = Factory.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
            await db.Webhooks.Where(w => _webhooks.Contains(w.Id)).ExecuteDeleteAsync();
        }

        GC.SuppressFinalize(this);
    }
}
