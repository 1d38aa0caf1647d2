using HeadlessBlog.Api.Changes;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Webhooks;

/// <summary>
/// Creates the deliveries of the change log's events: for each endpoint, one per event after its position that it
/// subscribes to, read gap-safe (an event that commits late is never skipped). The deliveries and the endpoint's new
/// position are written in one transaction, the position only if no other instance moved it meanwhile; the unique key
/// (endpoint, event) makes a second delivery of one event to one endpoint impossible whatever happens.
/// </summary>
internal static class WebhookFanout
{
    private const int BatchSize = 500;

    private sealed record Subscriber(int Id, string Events, bool PublicOnly, bool Enabled, long Position);

    /// <summary>Creates the deliveries of what the log holds now; returns how many.</summary>
    public static async Task<int> RunAsync(BlogDbContext db, DateTime now, TimeSpan gap, CancellationToken cancellationToken)
    {
        var subscribers = await db.Webhooks.AsNoTracking()
            .Select(w => new Subscriber(w.Id, w.Events, w.PublicOnly, w.Enabled, w.Cursor!.Position)).ToListAsync(cancellationToken);
        if (subscribers.Count == 0)
        {
            return 0;
        }

        var changes = await ChangeFeed.ReadAsync(db, subscribers.Min(s => s.Position), BatchSize, now, gap, cancellationToken);
        if (changes.Count == 0)
        {
            return 0;
        }

        var bodies = await WebhookMessages.BodiesAsync(db, changes, cancellationToken);
        var created = 0;
        foreach (var subscriber in subscribers.Where(s => s.Position < changes[^1].Id))
        {
            var deliveries = subscriber.Enabled
                ? changes.Where(c => c.Id > subscriber.Position && Subscribes(subscriber, c)).Select(c => new WebhookDelivery
                {
                    WebhookId = subscriber.Id,
                    ChangeId = c.Id,
                    MessageId = WebhookMessages.MessageIdOf(c.Id),
                    EventType = c.Type,
                    Body = bodies[c.Id],
                    Status = DeliveryStatuses.Pending,
                    CreatedAt = now,
                    NextAttemptAt = now,
                }).ToList()
                : [];
            created += await AdvanceAsync(db, subscriber, changes[^1].Id, deliveries, cancellationToken);
        }

        return created;
    }

    /// <summary>Whether the endpoint gets the event: its type matches a pattern, and (for a public-only endpoint) readers saw or see it.</summary>
    private static bool Subscribes(Subscriber subscriber, ContentChange change) =>
        (!subscriber.PublicOnly || change.Entity == ChangeTypes.TagEntity || change.WasVisible || change.Visible)
        && WebhookEvents.Matches(subscriber.Events, change.Type);

    private static async Task<int> AdvanceAsync(
        BlogDbContext db, Subscriber subscriber, long position, List<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var moved = await db.WebhookCursors.Where(c => c.WebhookId == subscriber.Id && c.Position == subscriber.Position)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Position, position), cancellationToken);
            if (moved == 0)
            {
                // Another instance created these deliveries first (or the endpoint is gone).
                return 0;
            }

            db.WebhookDeliveries.AddRange(deliveries);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return deliveries.Count;
        });
    }
}
