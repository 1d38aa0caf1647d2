using System.Data.Common;
using System.Diagnostics.Metrics;
using HeadlessBlog.Api.Telemetry;
using HeadlessBlog.Data;

namespace HeadlessBlog.Api.Webhooks;

/// <summary>The webhook signals of <see cref="BlogMetrics"/>: attempts by outcome, delivery lag, the oldest pending delivery.</summary>
internal static class WebhookMetrics
{
    /// <summary>
    /// <c>headlessblog.webhook.oldest_pending_age</c>: read from the database only when a reader collects it (a
    /// scrape, an export), so it costs nothing otherwise; nothing is reported while the database cannot be reached.
    /// </summary>
    public static ObservableGauge<double> ObserveBacklog(BlogMetrics metrics, IServiceScopeFactory scopes, TimeProvider clock) =>
        metrics.Meter.CreateObservableGauge(
            "headlessblog.webhook.oldest_pending_age", () => OldestPendingAge(scopes, clock), "s",
            "Age of the oldest webhook delivery still to be made (pending, including retries); 0 when there is none.");

    private static IEnumerable<Measurement<double>> OldestPendingAge(IServiceScopeFactory scopes, TimeProvider clock)
    {
        DateTime? oldest;
        try
        {
            using var scope = scopes.CreateScope();
            oldest = scope.ServiceProvider.GetRequiredService<BlogDbContext>().WebhookDeliveries
                .Where(d => d.Status == DeliveryStatuses.Pending).Min(d => (DateTime?)d.CreatedAt);
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException or TimeoutException)
        {
            return [];
        }

        var age = oldest is { } created ? (clock.GetUtcNow().UtcDateTime - created).TotalSeconds : 0;
        return [new Measurement<double>(Math.Max(0, age))];
    }

    /// <summary>Each attempt by what it led to; for a first attempt of an event's delivery, the time since the event's commit.</summary>
    public static void Record(
        BlogMetrics metrics, IEnumerable<(WebhookDelivery Delivery, AttemptOutcome Outcome)> attempts, IReadOnlyDictionary<long, DateTime> eventTimes,
        WebhookOptions settings)
    {
        foreach (var (delivery, outcome) in attempts)
        {
            BlogMetrics.Count(metrics.WebhookAttempts, "outcome", WebhookAttempts.StatusAfter(delivery, outcome, settings) switch
            {
                DeliveryStatuses.Succeeded => "succeeded",
                DeliveryStatuses.Pending => "retry",
                _ => outcome.Gone ? "gone" : "failed",
            });
            if (delivery.Attempts == 0 && eventTimes.TryGetValue(delivery.Id, out var committed) && metrics.WebhookDeliveryLag.Enabled)
            {
                metrics.WebhookDeliveryLag.Record(Math.Max(0, (outcome.StartedAt - committed).TotalSeconds));
            }
        }
    }
}
