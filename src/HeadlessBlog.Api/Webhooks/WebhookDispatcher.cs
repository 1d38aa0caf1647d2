using HeadlessBlog.Api.Changes;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessBlog.Api.Webhooks;

/// <summary>
/// Delivers webhooks, one round every <see cref="WebhookOptions.PollSeconds"/>: creates the deliveries of new events
/// (<see cref="WebhookFanout"/>), then makes the attempts that are due. Each attempt is claimed first with a lease
/// (an update that only one instance can win), so that with several instances every attempt is made once; a lease
/// that runs out (the instance stopped mid-attempt) lets another instance, or this one after a restart, try again:
/// delivery is at least once, and receivers de-duplicate by <c>webhook-id</c>.
/// </summary>
public sealed partial class WebhookDispatcher(
    IServiceScopeFactory scopes, WebhookSender sender, ChangeSignal signal, TimeProvider clock, IOptions<WebhookOptions> options,
    IOptions<ChangeOptions> changeOptions, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    /// <summary>Endpoints attempted at once.</summary>
    private const int Parallel = 8;

    /// <summary>Due deliveries taken per round.</summary>
    private const int BatchSize = 100;

    private readonly SemaphoreSlim _round = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // A write of this instance wakes the loop at once; other instances' writes are found by the poll. A round
            // that found work goes again at once: a batch may have left more.
            var written = signal.Next;
            try
            {
                var (created, attempted) = await RunRoundAsync(stoppingToken);
                if (created + attempted > 0)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogRoundFailed(logger, exception);
            }

            try
            {
                await ChangeSignal.WaitAsync(written, TimeSpan.FromSeconds(options.Value.PollSeconds), clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One round (never two at once on an instance): the deliveries it created and the attempts it made.</summary>
    public async Task<(int Created, int Attempted)> RunRoundAsync(CancellationToken cancellationToken)
    {
        await _round.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
            var now = clock.GetUtcNow().UtcDateTime;
            var created = await WebhookFanout.RunAsync(db, now, TimeSpan.FromSeconds(changeOptions.Value.GapSeconds), cancellationToken);
            var due = await db.WebhookDeliveries.AsNoTracking()
                .Where(d => d.Status == DeliveryStatuses.Pending && d.NextAttemptAt <= now && (d.LeasedUntil == null || d.LeasedUntil < now))
                .Join(db.Webhooks.Where(w => w.Enabled), d => d.WebhookId, w => w.Id, (d, w) => new
                {
                    Delivery = d,
                    Target = new WebhookTarget(w.Url, w.Format, w.Secret, w.PreviousSecret, w.PreviousSecretUntil),
                })
                .OrderBy(x => x.Delivery.NextAttemptAt).ThenBy(x => x.Delivery.Id).Take(BatchSize)
                .ToListAsync(cancellationToken);
            // Endpoints in parallel; each endpoint's deliveries one after another, oldest first, so that a receiver
            // gets first attempts in the order of the events (a retry can still come after a later event: changeId says).
            var attempted = 0;
            await System.Threading.Tasks.Parallel.ForEachAsync(
                due.GroupBy(x => x.Delivery.WebhookId),
                new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = cancellationToken },
                async (endpoint, ct) =>
                {
                    foreach (var item in endpoint.OrderBy(x => x.Delivery.Id))
                    {
                        if (await AttemptAsync(item.Delivery, item.Target, now, ct))
                        {
                            Interlocked.Increment(ref attempted);
                        }
                    }
                });
            return (created, attempted);
        }
        finally
        {
            _round.Release();
        }
    }

    /// <summary>Claims the delivery, makes the attempt and records it; false when another instance holds it.</summary>
    private async Task<bool> AttemptAsync(WebhookDelivery delivery, WebhookTarget target, DateTime now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
        var settings = options.Value;
        var lease = now.AddSeconds(settings.TimeoutSeconds + 30);
        var claimed = await db.WebhookDeliveries
            .Where(d => d.Id == delivery.Id && d.Status == DeliveryStatuses.Pending && d.Attempts == delivery.Attempts
                        && (d.LeasedUntil == null || d.LeasedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeasedUntil, lease), cancellationToken);
        if (claimed == 0)
        {
            return false;
        }

        var outcome = await sender.SendAsync(target, delivery, cancellationToken);
        await WebhookAttempts.RecordAsync(db, delivery, outcome, settings, clock.GetUtcNow().UtcDateTime, cancellationToken);
        if (!outcome.Succeeded)
        {
            LogAttemptFailed(logger, delivery.Id, delivery.WebhookId, delivery.Attempts + 1, outcome.ResponseStatus, outcome.Error);
        }

        return true;
    }

    public override void Dispose()
    {
        _round.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A round of the webhook dispatcher failed; the next round tries again")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} to endpoint {WebhookId}: attempt {Attempt} failed (status {Status}, error {Error})")]
    private static partial void LogAttemptFailed(ILogger logger, long deliveryId, int webhookId, int attempt, int? status, string? error);
}
