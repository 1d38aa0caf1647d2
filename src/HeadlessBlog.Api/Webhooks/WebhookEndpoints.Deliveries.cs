using System.Linq.Expressions;
using System.Text.Json;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Webhooks;

/// <summary>A webhook's delivery log: pings, the deliveries of its events and their attempts, and redeliveries.</summary>
public static partial class WebhookEndpoints
{
    private static readonly Expression<Func<WebhookDelivery, WebhookDeliverySummary>> ToSummary = d => new WebhookDeliverySummary(
        d.Id,
        d.ChangeId,
        d.EventType,
        d.Status,
        d.Attempts,
        d.CreatedAt,
        d.LastAttemptAt,
        d.NextAttemptAt,
        d.LastResponseStatus,
        d.LastDurationMs,
        d.LastError);

    /// <summary><see cref="ToSummary"/> on a delivery in memory (declared after it: static fields start in this order).</summary>
    private static readonly Func<WebhookDelivery, WebhookDeliverySummary> Summarize = ToSummary.Compile();

    private static void MapDeliveryEndpoints(RouteGroupBuilder group)
    {
        group.MapPost("/{id:int}/ping", PingWebhook).WithName(nameof(PingWebhook))
            .WithSummary("Queue a webhook.ping delivery to the webhook (follow it in its delivery log)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequiresWebhookManagement();
        group.MapGet("/{id:int}/deliveries", ListWebhookDeliveries).WithName(nameof(ListWebhookDeliveries))
            .WithSummary("A webhook's deliveries, newest first (optionally only those with a status)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequiresWebhookManagement();
        group.MapGet("/{id:int}/deliveries/{deliveryId:long}", GetWebhookDelivery).WithName(nameof(GetWebhookDelivery))
            .WithSummary("A delivery of the webhook, with the exact body sent and every attempt")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequiresWebhookManagement();
        group.MapPost("/{id:int}/deliveries/{deliveryId:long}/redeliver", RedeliverWebhookDelivery)
            .WithName(nameof(RedeliverWebhookDelivery))
            .WithSummary("Attempt a delivery again now, whatever its status (its attempts keep counting)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequiresWebhookManagement();
    }

    public static async Task<Results<Accepted<WebhookPingAccepted>, ProblemHttpResult>> PingWebhook(
        int id, [AsParameters] ContentRequest request)
    {
        if (!await request.Db.Webhooks.AnyAsync(w => w.Id == id, request.Aborted))
        {
            return NotFound(id);
        }

        var now = request.UtcNow();
        var delivery = new WebhookDelivery
        {
            WebhookId = id,
            ChangeId = null,
            MessageId = WebhookMessages.NewPingMessageId(),
            EventType = WebhookEvents.Ping,
            Body = WebhookMessages.Ping(id, now),
            Status = DeliveryStatuses.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
        };
        request.Db.WebhookDeliveries.Add(delivery);
        try
        {
            await request.Db.SaveChangesAsync(request.Aborted);
        }
        catch (DbUpdateException exception) when (DbErrors.IsForeignKeyViolation(exception))
        {
            // Deleted between the check and the insert.
            return NotFound(id);
        }

        return TypedResults.Accepted(DeliveryUrl(id, delivery.Id), new WebhookPingAccepted(delivery.Id));
    }

    public static async Task<Results<Ok<PagedResponse<WebhookDeliverySummary>>, ProblemHttpResult>> ListWebhookDeliveries(
        int id, [AsParameters] PageRequest page, [AsParameters] DeliveryListQuery query, [AsParameters] ContentRequest request)
    {
        if (!await request.Db.Webhooks.AnyAsync(w => w.Id == id, request.Aborted))
        {
            return NotFound(id);
        }

        var deliveries = request.Db.WebhookDeliveries.Where(d => d.WebhookId == id);
        if (query.Status is { } status)
        {
            deliveries = deliveries.Where(d => d.Status == status);
        }

        return TypedResults.Ok(await deliveries.OrderByDescending(d => d.Id).Select(ToSummary).ToPageAsync(page, request.Aborted));
    }

    public static async Task<Results<Ok<WebhookDeliveryDetail>, ProblemHttpResult>> GetWebhookDelivery(
        int id, long deliveryId, [AsParameters] ContentRequest request)
    {
        var delivery = await request.Db.WebhookDeliveries.AsNoTracking()
            .FirstOrDefaultAsync(d => d.Id == deliveryId && d.WebhookId == id, request.Aborted);
        if (delivery is null)
        {
            return DeliveryNotFound(id, deliveryId);
        }

        var attempts = await request.Db.WebhookAttempts
            .Where(a => a.DeliveryId == deliveryId)
            .OrderBy(a => a.Number)
            .Select(a => new WebhookAttemptResponse(a.Number, a.StartedAt, a.DurationMs, a.ResponseStatus, a.ResponseBody, a.Error))
            .ToListAsync(request.Aborted);
        return TypedResults.Ok(new WebhookDeliveryDetail(Summarize(delivery), delivery.Body, attempts));
    }

    public static async Task<Results<Accepted<WebhookDeliverySummary>, ProblemHttpResult>> RedeliverWebhookDelivery(
        int id, long deliveryId, [AsParameters] ContentRequest request)
    {
        var now = request.UtcNow();
        // One statement: whatever an instance is doing with the delivery, it is due again now and held by none.
        var updated = await request.Db.WebhookDeliveries
            .Where(d => d.Id == deliveryId && d.WebhookId == id)
            .ExecuteUpdateAsync(
                set => set.SetProperty(d => d.Status, DeliveryStatuses.Pending)
                    .SetProperty(d => d.NextAttemptAt, now)
                    .SetProperty(d => d.LeasedUntil, (DateTime?)null).SetProperty(d => d.LeasedBy, (string?)null),
                request.Aborted);
        if (updated == 0)
        {
            return DeliveryNotFound(id, deliveryId);
        }

        var summary = await request.Db.WebhookDeliveries.Where(d => d.Id == deliveryId).Select(ToSummary).FirstOrDefaultAsync(request.Aborted);
        return summary is null
            ? DeliveryNotFound(id, deliveryId)
            : TypedResults.Accepted(DeliveryUrl(id, deliveryId), summary);
    }

    private static string DeliveryUrl(int id, long deliveryId) => $"/api/webhooks/{id}/deliveries/{deliveryId}";

    private static ProblemHttpResult DeliveryNotFound(int id, long deliveryId) =>
        Problems.NotFound($"Webhook {id} has no delivery {deliveryId}.");
}
