using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Audit;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Api.Webhooks;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Tests.Webhooks;

public sealed class WebhookRetryOnSqlite(WebhookSqliteFactory factory) : WebhookRetryTests<WebhookSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class WebhookRetryOnSqlServer(WebhookSqlServerFactory factory) : WebhookRetryTests<WebhookSqlServerFactory>(factory);

/// <summary>
/// Failures: every attempt but a 2xx is tried again on the schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), with
/// the same <c>webhook-id</c>; 410 disables the endpoint; so does failing for days on end.
/// </summary>
public abstract class WebhookRetryTests<TFactory>(TFactory factory) : DeliveryTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    private static readonly double[] Schedule = new WebhookOptions().RetrySeconds;

    [Fact]
    public async Task ReceiverFailingTwice_GetsThreeAttempts_AllWithOneWebhookId()
    {
        var receiver = await ReceiverAsync();
        receiver.Status = n => n < 2 ? 500 : 200;
        var (id, _) = await SubscribeAsync(receiver.Url, events: "article.published");
        await CreatePublishedArticleAsync();

        await RoundAsync();
        Factory.Clock.Advance(TimeSpan.FromSeconds(4));
        await RoundAsync(); // not due yet
        Assert.Single(receiver.Requests);
        Factory.Clock.Advance(TimeSpan.FromSeconds(1));
        await RoundAsync();
        Factory.Clock.Advance(TimeSpan.FromMinutes(5));
        await RoundAsync();

        Assert.Equal(3, receiver.Requests.Count);
        Assert.Single(receiver.Requests.Select(r => r.Header("webhook-id")).Distinct());
        Assert.Single(receiver.Requests.Select(r => r.Body).Distinct());
        var delivery = Assert.Single(await DeliveriesAsync(id));
        Assert.Equal((DeliveryStatuses.Succeeded, 3, 200), (delivery.Status, delivery.Attempts, delivery.LastResponseStatus));
        Assert.Equal([500, 500, 200], (await AttemptsAsync(delivery.Id)).Select(a => a.ResponseStatus));
    }

    [Fact]
    public async Task ReceiverDown_GetsTheDeliveryOnceItIsBack()
    {
        var receiver = await ReceiverAsync();
        var (id, _) = await SubscribeAsync(receiver.Url, events: "article.published");
        await receiver.StopAsync();
        await CreatePublishedArticleAsync();

        await RoundAsync();
        var failed = Assert.Single(await DeliveriesAsync(id));
        Assert.Equal((DeliveryStatuses.Pending, 1, (int?)null), (failed.Status, failed.Attempts, failed.LastResponseStatus));
        Assert.False(string.IsNullOrEmpty(failed.LastError));

        await receiver.StartAgainAsync();
        Factory.Clock.Advance(TimeSpan.FromSeconds(Schedule[0]));
        await RoundAsync();

        Assert.Single(receiver.Requests);
        Assert.Equal(DeliveryStatuses.Succeeded, Assert.Single(await DeliveriesAsync(id)).Status);
    }

    [Fact]
    public async Task SlowReceiver_TimesOut_AndIsTriedAgain()
    {
        var receiver = await ReceiverAsync();
        receiver.Delay = n => n == 0 ? TimeSpan.FromSeconds(3) : TimeSpan.Zero;
        var (id, _) = await SubscribeAsync(receiver.Url, events: "article.published");
        await CreatePublishedArticleAsync();

        await RoundAsync();
        var timedOut = Assert.Single(await DeliveriesAsync(id));
        Assert.Equal(DeliveryStatuses.Pending, timedOut.Status);
        Assert.Contains("No response within 1 s", timedOut.LastError, StringComparison.Ordinal);

        Factory.Clock.Advance(TimeSpan.FromSeconds(Schedule[0]));
        await RoundAsync();

        Assert.Equal(2, receiver.Requests.Count);
        Assert.Equal(DeliveryStatuses.Succeeded, Assert.Single(await DeliveriesAsync(id)).Status);
    }

    [Fact]
    public async Task ReceiverFailingEveryTime_GetsEightAttemptsOverAboutADay_ThenTheDeliveryFails()
    {
        var receiver = await ReceiverAsync();
        receiver.Status = _ => 503;
        var (id, _) = await SubscribeAsync(receiver.Url, events: "article.published");
        await CreatePublishedArticleAsync();

        await RoundAsync();
        foreach (var wait in Schedule.Append(86_400))
        {
            Factory.Clock.Advance(TimeSpan.FromSeconds(wait));
            await RoundAsync();
        }

        Assert.Equal(8, receiver.Requests.Count);
        var delivery = Assert.Single(await DeliveriesAsync(id));
        Assert.Equal((DeliveryStatuses.Failed, 8, (DateTime?)null), (delivery.Status, delivery.Attempts, delivery.NextAttemptAt));
        Assert.True((await WebhookAsync(id)).Enabled, "27.6 hours of failures are not yet the 5 days that disable an endpoint");
    }

    [Fact]
    public async Task Gone_DisablesTheEndpoint_WhichThenGetsNothing()
    {
        var receiver = await ReceiverAsync();
        receiver.Status = _ => 410;
        var (id, _) = await SubscribeAsync(receiver.Url, events: "article.published");
        await CreatePublishedArticleAsync();

        await RoundAsync();
        var webhook = await WebhookAsync(id);
        Assert.False(webhook.Enabled);
        Assert.Contains("410", webhook.DisabledReason, StringComparison.Ordinal);
        Assert.Equal(DeliveryStatuses.Failed, Assert.Single(await DeliveriesAsync(id)).Status);

        await CreatePublishedArticleAsync();
        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await RoundAsync();
        Assert.Single(receiver.Requests);
        Assert.Single(await DeliveriesAsync(id));
    }

    [Fact]
    public async Task Gone_IsInTheAuditLog_AsTheSystemsOwnChangeOfTheEndpoint()
    {
        var receiver = await ReceiverAsync();
        receiver.Status = _ => 410;
        var (id, _) = await SubscribeAsync(receiver.Url, events: "article.published");
        await CreatePublishedArticleAsync();

        await RoundAsync();

        using var auditor = Factory.CreateKeyClient(CreateKey("Test auditor", Scopes.ReadAudit), ifMatch: false);
        var entries = (await auditor.GetFromJsonAsync<PagedResponse<AuditEntryResponse>>($"/api/audit?entity=webhook&entityId={id}", Ct))!.Items;
        Assert.Equal(["webhook.updated", "webhook.created"], entries.Select(e => e.Type));
        Assert.Null(entries[0].Actor);
        Assert.Equal(["enabled"], entries[0].ChangedFields);
    }

    [Fact]
    public async Task EndpointFailingForFiveDays_IsDisabledWithTheReason()
    {
        var receiver = await ReceiverAsync();
        receiver.Status = _ => 500;
        var (id, _) = await SubscribeAsync(receiver.Url, events: "article.published");
        await CreatePublishedArticleAsync();
        await RoundAsync();
        Assert.True((await WebhookAsync(id)).Enabled);

        Factory.Clock.Advance(TimeSpan.FromDays(5));
        await CreatePublishedArticleAsync();
        await RoundAsync();

        var webhook = await WebhookAsync(id);
        Assert.False(webhook.Enabled);
        Assert.Contains("5 days", webhook.DisabledReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletedEndpoint_GetsNoMoreAttempts()
    {
        var receiver = await ReceiverAsync();
        receiver.Status = _ => 500;
        var (id, _) = await SubscribeAsync(receiver.Url, events: "article.published");
        await CreatePublishedArticleAsync();
        await RoundAsync();
        Assert.Single(receiver.Requests);

        await DeleteWebhookAsync(id);
        Factory.Clock.Advance(TimeSpan.FromSeconds(Schedule[0]));
        await RoundAsync();

        Assert.Single(receiver.Requests);
        Assert.Empty(await DeliveriesAsync(id));
    }

    [Fact]
    public async Task DeliveriesAndFailures_LeaveTheEndpointsVersion_SoAnEditorsIfMatchStaysValid()
    {
        // On SQL Server any update of a row changes its rowversion: the dispatcher's bookkeeping has a row of its own.
        var receiver = await ReceiverAsync();
        receiver.Status = _ => 500;
        var (id, _) = await SubscribeAsync(receiver.Url, events: "article.published");
        var before = (await GetWebhookAsync(id)).Version;
        await CreatePublishedArticleAsync();
        await RoundAsync();
        Assert.Single(receiver.Requests);

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/webhooks/{id}")
        {
            Content = JsonContent.Create(new { url = receiver.Url, description = "edited" }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{before}\"");
        var response = await Manager.SendAsync(request, Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    private Task<List<WebhookAttempt>> AttemptsAsync(long deliveryId) =>
        WithDbAsync(db => db.WebhookAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.Number).ToListAsync(Ct));
}
