using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Api.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Tests.Webhooks;

public sealed class WebhookInstanceOnSqlite(WebhookSqliteFactory factory) : WebhookInstanceTests<WebhookSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class WebhookInstanceOnSqlServer(WebhookSqlServerFactory factory) : WebhookInstanceTests<WebhookSqlServerFactory>(factory);

/// <summary>
/// Durable and shared: deliveries wait in the database through a restart, every instance on one database delivers,
/// yet each event reaches each endpoint once; and in Production the guard refuses private addresses when connecting.
/// </summary>
public abstract class WebhookInstanceTests<TFactory>(TFactory factory) : DeliveryTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task RestartWithADeliveryPending_DeliversItAfterTheRestart_ExactlyOnce()
    {
        var receiver = await ReceiverAsync();
        var (id, _) = await SubscribeAsync(receiver.Url, events: "article.published");
        await receiver.StopAsync();
        await CreatePublishedArticleAsync();
        await CreatePublishedArticleAsync();
        await using (var before = new SameDatabaseInstance(Factory))
        {
            AlignClocks(before);
            await RoundAsync(before);
            // The instance stops in the middle of an attempt of the second delivery: its lease is still held.
            var second = (await DeliveriesAsync(id))[1];
            await SetLeaseAsync(second.Id, before.Clock.GetUtcNow().UtcDateTime.AddSeconds(40));
        }

        await receiver.StartAgainAsync();
        await using var after = new SameDatabaseInstance(Factory);
        AlignClocks(after);
        after.Clock.Advance(TimeSpan.FromSeconds(5));
        await RoundAsync(after);
        Assert.Single(receiver.Requests); // the other one is leased by the stopped instance
        after.Clock.Advance(TimeSpan.FromSeconds(40));
        await RoundAsync(after);
        await RoundAsync(after);

        Assert.Equal(2, receiver.Requests.Count);
        Assert.Equal(2, receiver.Requests.Select(r => r.Header("webhook-id")).Distinct().Count());
        Assert.All(await DeliveriesAsync(id), d => Assert.Equal(DeliveryStatuses.Succeeded, d.Status));
    }

    [Fact]
    public async Task TwoInstancesRunningRoundsAtOnce_DeliverEachEventOncePerEndpoint()
    {
        var first = await ReceiverAsync();
        var second = await ReceiverAsync();
        await SubscribeAsync(first.Url);
        await SubscribeAsync(second.Url, events: "article.published");
        await using var other = new SameDatabaseInstance(Factory);
        AlignClocks(other);
        for (var i = 0; i < 5; i++)
        {
            await CreatePublishedArticleAsync();
        }

        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(RoundAsync(), RoundAsync(other));
        }

        Assert.Equal(10, first.Requests.Count); // created and published, five times
        Assert.Equal(10, first.Requests.Select(r => r.Header("webhook-id")).Distinct().Count());
        Assert.Equal(5, second.Requests.Count);
        Assert.Equal(5, second.Requests.Select(r => r.Header("webhook-id")).Distinct().Count());
    }

    [Fact]
    public async Task WriteOnAnInstance_WakesItsDispatcher_WithoutWaitingForAPoll()
    {
        var receiver = await ReceiverAsync();
        await using var running = new SameDatabaseInstance(Factory, runDispatcher: true);
        using var editor = running.CreateApiClient();
        await SubscribeAsync(receiver.Url, events: "article.published");

        var response = await editor.PostAsJsonAsync("/api/articles", new { title = Unique("Now "), body = "x", status = "published" }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var waited = Stopwatch.StartNew();
        while (receiver.Requests.Count == 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20, Ct);
        }

        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task InProduction_AnEndpointWhoseNameResolvesToLoopback_IsRefusedWhenConnecting()
    {
        var receiver = await ReceiverAsync();
        await using var production = new SameDatabaseInstance(Factory, allowPrivateNetworks: false);
        AlignClocks(production);
        // Registered behind the guard's back (as if the name resolved to a public address at registration).
        var (id, _) = await SubscribeAsync($"http://{FakeDns.Loopback}:{receiver.Port}/hook", events: "article.published");
        await CreatePublishedArticleAsync();

        await RoundAsync(production);

        Assert.Empty(receiver.Requests);
        var delivery = Assert.Single(await DeliveriesAsync(id));
        Assert.Equal(DeliveryStatuses.Pending, delivery.Status);
        Assert.Contains("127.0.0.1", delivery.LastError, StringComparison.Ordinal);
    }

    private Task<int> SetLeaseAsync(long deliveryId, DateTime until) =>
        WithDbAsync(db => db.WebhookDeliveries.Where(d => d.Id == deliveryId).ExecuteUpdateAsync(s => s.SetProperty(d => d.LeasedUntil, until), Ct));

    /// <summary>Both hosts at the later of their two times (neither may go back).</summary>
    private void AlignClocks(SameDatabaseInstance other)
    {
        _ = other.Services;
        var ahead = other.Clock.GetUtcNow() - Factory.Clock.GetUtcNow();
        (ahead > TimeSpan.Zero ? Factory.Clock : other.Clock).Advance(ahead.Duration());
    }
}
