using System.Globalization;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Webhooks;

/// <summary>
/// Records an attempt and decides what comes next: 2xx delivered; 410 Gone disables the endpoint; anything else
/// (another status, a timeout, a refused connection) is tried again after the next wait of
/// <see cref="WebhookOptions.RetrySeconds"/>, or failed when none is left. An endpoint failing for
/// <see cref="WebhookOptions.DisableAfterDays"/> is disabled.
/// </summary>
internal static class WebhookAttempts
{
    /// <summary>Records the attempts of one endpoint's deliveries, in one transaction.</summary>
    public static async Task RecordAsync(
        BlogDbContext db, IReadOnlyList<(WebhookDelivery Delivery, AttemptOutcome Outcome)> attempts, WebhookOptions settings, DateTime now,
        CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.WebhookAttempts.AddRange(attempts.Select(a => new WebhookAttempt
            {
                DeliveryId = a.Delivery.Id,
                Number = a.Delivery.Attempts + 1,
                StartedAt = a.Outcome.StartedAt,
                DurationMs = a.Outcome.DurationMs,
                ResponseStatus = a.Outcome.ResponseStatus,
                ResponseBody = a.Outcome.ResponseBody,
                Error = a.Outcome.Error,
            }));
            await db.SaveChangesAsync(cancellationToken);
            foreach (var (delivery, outcome) in attempts)
            {
                await DeliveryAsync(db, delivery, outcome, settings, now, cancellationToken);
            }

            var last = attempts[^1].Outcome;
            await EndpointAsync(db, attempts[0].Delivery.WebhookId, last, attempts.Any(a => a.Outcome.Gone), settings, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }

    /// <summary>How long after this attempt the next one is made; null when there is none (delivered, gone, or out of retries).</summary>
    private static double? RetryIn(WebhookDelivery delivery, AttemptOutcome outcome, WebhookOptions settings)
    {
        var number = delivery.Attempts + 1;
        return outcome.Succeeded || outcome.Gone || number > settings.RetrySeconds.Length ? null : settings.RetrySeconds[number - 1];
    }

    /// <summary>The delivery's status after this attempt.</summary>
    public static string StatusAfter(WebhookDelivery delivery, AttemptOutcome outcome, WebhookOptions settings) =>
        outcome.Succeeded ? DeliveryStatuses.Succeeded
        : RetryIn(delivery, outcome, settings) is null ? DeliveryStatuses.Failed
        : DeliveryStatuses.Pending;

    /// <summary>The delivery after its attempt: delivered, to be tried again after the next wait, or failed.</summary>
    private static Task<int> DeliveryAsync(
        BlogDbContext db, WebhookDelivery delivery, AttemptOutcome outcome, WebhookOptions settings, DateTime now, CancellationToken cancellationToken)
    {
        var number = delivery.Attempts + 1;
        var status = StatusAfter(delivery, outcome, settings);
        var next = RetryIn(delivery, outcome, settings) is { } seconds ? now.AddSeconds(seconds) : (DateTime?)null;
        var error = outcome.Error ?? (outcome.Succeeded ? null : string.Create(CultureInfo.InvariantCulture, $"The endpoint answered {outcome.ResponseStatus}."));
        return db.WebhookDeliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Attempts, number)
            .SetProperty(d => d.Status, status)
            .SetProperty(d => d.NextAttemptAt, next)
            .SetProperty(d => d.LeasedUntil, (DateTime?)null)
            .SetProperty(d => d.LeasedBy, (string?)null)
            .SetProperty(d => d.LastAttemptAt, outcome.StartedAt)
            .SetProperty(d => d.LastResponseStatus, outcome.ResponseStatus)
            .SetProperty(d => d.LastDurationMs, outcome.DurationMs)
            .SetProperty(d => d.LastError, error), cancellationToken);
    }

    /// <summary>Keeps the endpoint's failing streak, and disables it on 410 or after failing too long.</summary>
    private static async Task EndpointAsync(
        BlogDbContext db, int webhookId, AttemptOutcome outcome, bool gone, WebhookOptions settings, DateTime now, CancellationToken cancellationToken)
    {
        var cursor = db.WebhookCursors.Where(c => c.WebhookId == webhookId);
        if (outcome.Succeeded)
        {
            await cursor.Where(c => c.FailingSince != null).ExecuteUpdateAsync(s => s.SetProperty(c => c.FailingSince, (DateTime?)null), cancellationToken);
            return;
        }

        await cursor.Where(c => c.FailingSince == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.FailingSince, now), cancellationToken);
        var since = now.AddDays(-settings.DisableAfterDays);
        if (!gone && !await cursor.AnyAsync(c => c.FailingSince <= since, cancellationToken))
        {
            return;
        }

        // A change of the endpoint as editors see it (enabled, why not): saved as theirs are, with a new version.
        var webhook = await db.Webhooks.FirstOrDefaultAsync(w => w.Id == webhookId && w.Enabled, cancellationToken);
        if (webhook is not null)
        {
            webhook.Enabled = false;
            webhook.DisabledReason = gone
                ? string.Create(CultureInfo.InvariantCulture, $"The endpoint answered 410 Gone at {now:O}.")
                : string.Create(CultureInfo.InvariantCulture, $"Every attempt failed for {settings.DisableAfterDays} days (until {now:O}).");
            webhook.UpdatedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
