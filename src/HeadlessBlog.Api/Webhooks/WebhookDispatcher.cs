using System.Linq.Expressions;
using HeadlessBlog.Api.Changes;
using HeadlessBlog.Api.Telemetry;
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
    IOptions<ChangeOptions> changeOptions, BlogMetrics metrics, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    /// <summary>Reported while this instance's dispatcher exists.</summary>
    private readonly System.Diagnostics.Metrics.ObservableGauge<double> _backlog = WebhookMetrics.ObserveBacklog(metrics, scopes, clock);

    /// <summary>Endpoints attempted at once.</summary>
    private const int Parallel = 8;

    /// <summary>How long a round woken by a write waits for the writes right behind it.</summary>
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(50);

    /// <summary>Deliveries of one endpoint claimed, attempted and recorded together.</summary>
    private const int ClaimSize = 10;

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
                // Not cancelled by stopping: on shutdown the attempts under way are made and recorded instead of being cut
                // off and sent again once their lease runs out (the host's ShutdownTimeout bounds how long the round is
                // waited for); only the wait for the next round is cut short.
                var (created, attempted) = await RunRoundAsync(CancellationToken.None);
                if (created + attempted > 0)
                {
                    continue;
                }
            }
            catch (Exception exception)
            {
                LogRoundFailed(logger, exception);
            }

            try
            {
                await ChangeSignal.WaitAsync(written, TimeSpan.FromSeconds(options.Value.PollSeconds), clock, stoppingToken);
                if (written.IsCompleted)
                {
                    // Woken by a write: the writes that follow it closely go in the same round (one fan-out, one
                    // claim and one record for several events instead of one each). Real time: it saves CPU.
                    await Task.Delay(Coalesce, stoppingToken);
                }
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
                .Where(Due(now))
                .Join(db.Webhooks.Where(w => w.Enabled), d => d.WebhookId, w => w.Id, (d, w) => new
                {
                    Delivery = d,
                    Target = new WebhookTarget(w.Url, w.Format, w.Secret, w.PreviousSecret, w.PreviousSecretUntil),
                    // For the delivery lag metric: when the event was committed (a first attempt's only).
                    EventAt = d.Attempts == 0 ? db.ContentChanges.Where(c => c.Id == d.ChangeId).Select(c => (DateTime?)c.OccurredAt).FirstOrDefault() : null,
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
                    foreach (var claim in endpoint.OrderBy(x => x.Delivery.Id).Chunk(ClaimSize))
                    {
                        var eventTimes = claim.Where(x => x.EventAt is not null).ToDictionary(x => x.Delivery.Id, x => x.EventAt!.Value);
                        Interlocked.Add(ref attempted, await AttemptAsync([.. claim.Select(x => x.Delivery)], claim[0].Target, eventTimes, now, ct));
                    }
                });
            return (created, attempted);
        }
        finally
        {
            _round.Release();
        }
    }

    /// <summary>
    /// Deliveries to attempt at <paramref name="now"/>: pending, their time come, held by no instance (a lease that ran
    /// out holds nothing). The round's query and the claim both read it; the claim is what decides.
    /// </summary>
    private static Expression<Func<WebhookDelivery, bool>> Due(DateTime now) =>
        d => d.Status == DeliveryStatuses.Pending && d.NextAttemptAt <= now && (d.LeasedUntil == null || d.LeasedUntil < now);

    /// <summary>
    /// Claims what it can of one endpoint's <paramref name="deliveries"/> (one update, then a read of which are its
    /// own), attempts those one after another and records them together; returns how many it attempted.
    /// </summary>
    private async Task<int> AttemptAsync(
        List<WebhookDelivery> deliveries, WebhookTarget target, IReadOnlyDictionary<long, DateTime> eventTimes, DateTime now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
        var settings = options.Value;
        var claim = Guid.NewGuid().ToString("N");
        var lease = now.AddSeconds((settings.TimeoutSeconds * deliveries.Count) + 30);
        var ids = deliveries.Select(d => d.Id).ToArray();
        await db.WebhookDeliveries
            .Where(d => ids.Contains(d.Id)).Where(Due(now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeasedUntil, lease).SetProperty(d => d.LeasedBy, claim), cancellationToken);
        var mine = (await db.WebhookDeliveries.Where(d => ids.Contains(d.Id) && d.LeasedBy == claim).Select(d => d.Id)
            .ToListAsync(cancellationToken)).ToHashSet();

        var attempts = new List<(WebhookDelivery Delivery, AttemptOutcome Outcome)>(mine.Count);
        foreach (var delivery in deliveries.Where(d => mine.Contains(d.Id)))
        {
            var outcome = await sender.SendAsync(target, delivery, cancellationToken);
            attempts.Add((delivery, outcome));
            if (!outcome.Succeeded)
            {
                LogAttemptFailed(logger, delivery.Id, delivery.WebhookId, delivery.Attempts + 1, outcome.ResponseStatus, outcome.Error);
            }
        }

        if (attempts.Count > 0)
        {
            await WebhookAttempts.RecordAsync(db, attempts, settings, clock.GetUtcNow().UtcDateTime, cancellationToken);
            WebhookMetrics.Record(metrics, attempts, eventTimes, settings);
        }

        return attempts.Count;
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
