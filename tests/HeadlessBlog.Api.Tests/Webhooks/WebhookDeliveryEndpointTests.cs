using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Api.Webhooks;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Tests.Webhooks;

public sealed class WebhookDeliveryEndpointOnSqlite(SqliteApiFactory factory) : WebhookDeliveryEndpointTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class WebhookDeliveryEndpointOnSqlServer(SqlServerApiFactory factory) : WebhookDeliveryEndpointTests<SqlServerApiFactory>(factory);

/// <summary>A webhook's delivery log: pings, listing and reading deliveries, redelivering them.</summary>
public abstract class WebhookDeliveryEndpointTests<TFactory>(TFactory factory) : WebhookTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Ping_Returns202_AndTheDeliveryIsListedAsPending()
    {
        var webhook = await CreateWebhookAsync();

        var response = await Manager.PostAsync($"/api/webhooks/{webhook.Id}/ping", null, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var deliveryId = (await response.Content.ReadFromJsonAsync<WebhookPingAccepted>(Ct))!.DeliveryId;
        Assert.Equal($"/api/webhooks/{webhook.Id}/deliveries/{deliveryId}", response.Headers.Location?.OriginalString);
        var listed = Assert.Single((await ListAsync(webhook.Id)).Items);
        Assert.Equal(deliveryId, listed.Id);
        Assert.Equal("webhook.ping", listed.EventType);
        Assert.Equal("pending", listed.Status);
        Assert.Null(listed.EventId);
        Assert.Equal(0, listed.Attempts);
        Assert.NotNull(listed.NextAttemptAt);
    }

    [Fact]
    public async Task GetDelivery_OfAPing_ShowsTheBodySentAndTheAttemptsInOrder()
    {
        var webhook = await CreateWebhookAsync();
        var deliveryId = await PingAsync(webhook.Id);
        var started = Factory.Clock.GetUtcNow().UtcDateTime;
        await WithDbAsync(async db =>
        {
            db.WebhookAttempts.AddRange(
                new WebhookAttempt { DeliveryId = deliveryId, Number = 2, StartedAt = started.AddMinutes(5), DurationMs = 80, ResponseStatus = 204 },
                new WebhookAttempt { DeliveryId = deliveryId, Number = 1, StartedAt = started, DurationMs = 10_000, Error = "Timed out." });
            return await db.SaveChangesAsync(Ct);
        });

        var response = await Manager.GetAsync($"/api/webhooks/{webhook.Id}/deliveries/{deliveryId}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var delivery = (await response.Content.ReadFromJsonAsync<WebhookDeliveryDetail>(Ct))!;
        using var body = JsonDocument.Parse(delivery.Body);
        Assert.Equal("webhook.ping", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(webhook.Id, body.RootElement.GetProperty("data").GetProperty("webhookId").GetInt32());
        Assert.Equal(DateTimeKind.Utc, body.RootElement.GetProperty("timestamp").GetDateTime().Kind);
        Assert.DoesNotContain(" ", delivery.Body, StringComparison.Ordinal);
        Assert.Equal([1, 2], delivery.AttemptLog.Select(a => a.Number));
        Assert.Equal("Timed out.", delivery.AttemptLog[0].Error);
        Assert.Equal(204, delivery.AttemptLog[1].ResponseStatus);
    }

    [Fact]
    public async Task Redeliver_OfAFailedDelivery_MakesItPendingAgain_AndKeepsItsAttempts()
    {
        var webhook = await CreateWebhookAsync();
        var deliveryId = await PingAsync(webhook.Id);
        await MarkFailedAsync(deliveryId);

        var response = await Manager.PostAsync($"/api/webhooks/{webhook.Id}/deliveries/{deliveryId}/redeliver", null, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var summary = (await response.Content.ReadFromJsonAsync<WebhookDeliverySummary>(Ct))!;
        Assert.Equal("pending", summary.Status);
        Assert.Equal(8, summary.Attempts);
        Assert.NotNull(summary.NextAttemptAt);
        var row = await WithDbAsync(db => db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.Id == deliveryId, Ct));
        Assert.Null(row.LeasedUntil);
        Assert.Equal("pending", Assert.Single((await ListAsync(webhook.Id)).Items).Status);
    }

    [Fact]
    public async Task ListDeliveries_ShowsNewestFirst_AndOnlyTheStatusAskedFor()
    {
        var webhook = await CreateWebhookAsync();
        var first = await PingAsync(webhook.Id);
        var second = await PingAsync(webhook.Id);
        await MarkFailedAsync(first);

        var all = await ListAsync(webhook.Id);
        var failed = await ListAsync(webhook.Id, "status=failed");
        var pending = await ListAsync(webhook.Id, "status=pending&page=1&pageSize=1");

        Assert.Equal([second, first], all.Items.Select(d => d.Id));
        Assert.Equal(first, Assert.Single(failed.Items).Id);
        Assert.Equal(second, Assert.Single(pending.Items).Id);
        Assert.Equal((1, 1), (pending.TotalItems, pending.PageSize));
    }

    [Theory]
    [InlineData("status=bogus", "status")]
    [InlineData("status=PENDING", "status")]
    [InlineData("status=", "status")]
    [InlineData("pageSize=0&status=x", "pageSize", "status")]
    public async Task ListDeliveries_WithInvalidQuery_Returns400NamingEachField(string query, params string[] fields)
    {
        var webhook = await CreateWebhookAsync();

        var response = await Manager.GetAsync($"/api/webhooks/{webhook.Id}/deliveries?{query}", Ct);

        await AssertValidationErrorsAsync(response, fields);
    }

    [Fact]
    public async Task DeliveryOfAnotherWebhook_Returns404_ToReadsAndRedeliveries()
    {
        var webhook = await CreateWebhookAsync();
        var other = await CreateWebhookAsync();
        var deliveryId = await PingAsync(other.Id);
        var url = $"/api/webhooks/{webhook.Id}/deliveries/{deliveryId}";

        await ReadProblemAsync(await Manager.GetAsync(url, Ct), HttpStatusCode.NotFound);
        await ReadProblemAsync(await Manager.PostAsync(url + "/redeliver", null, Ct), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await Manager.GetAsync($"/api/webhooks/{other.Id}/deliveries/{deliveryId}", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/deliveries")]
    [InlineData("POST", "/ping")]
    public async Task DeliveriesOfAnUnknownWebhook_Return404(string method, string path)
    {
        var response = await Manager.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/api/webhooks/{int.MaxValue}{path}"), Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
    }

    private async Task<PagedResponse<WebhookDeliverySummary>> ListAsync(int webhookId, string query = "")
    {
        var response = await Manager.GetAsync($"/api/webhooks/{webhookId}/deliveries?{query}", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<PagedResponse<WebhookDeliverySummary>>(Ct))!;
    }

    /// <summary>What the dispatcher leaves after the last attempt failed (and a lease it had not released).</summary>
    private Task<int> MarkFailedAsync(long deliveryId) =>
        WithDbAsync(async db =>
        {
            var delivery = await db.WebhookDeliveries.SingleAsync(d => d.Id == deliveryId, Ct);
            var now = Factory.Clock.GetUtcNow().UtcDateTime;
            delivery.Status = "failed";
            delivery.Attempts = 8;
            delivery.NextAttemptAt = null;
            delivery.LeasedUntil = now.AddMinutes(1);
            delivery.LastAttemptAt = now;
            delivery.LastResponseStatus = 500;
            return await db.SaveChangesAsync(Ct);
        });
}
