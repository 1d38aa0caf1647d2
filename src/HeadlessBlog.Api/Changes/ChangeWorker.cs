using HeadlessBlog.Api.Delivery;
using HeadlessBlog.Api.Telemetry;
using HeadlessBlog.Data;
using Microsoft.Extensions.Options;

namespace HeadlessBlog.Api.Changes;

/// <summary>
/// The change log's background work, one round every <see cref="ChangeOptions.PollSeconds"/>: record the scheduled
/// publications whose time has come, evict from this instance's caches what the events since the last round show
/// (whichever instance wrote them), and once an hour purge expired events, prune revisions and the audit log and purge the trash's expired articles. A round that fails is logged and the next
/// one tries again; on shutdown the loop stops after the round under way.
/// </summary>
public sealed partial class ChangeWorker(
    IServiceScopeFactory scopes, ContentEviction eviction, TimeProvider clock, IOptions<ChangeOptions> options, BlogMetrics metrics,
    ILogger<ChangeWorker> logger, IOptions<RevisionOptions> revisions, IOptions<TrashOptions> trash, IOptions<AuditOptions> audit)
    : BackgroundService
{
    private const int BatchSize = 500;
    private readonly SemaphoreSlim _round = new(1, 1);
    private long _position = -1;
    private DateTime _nextPurge;

    /// <summary>The last event this instance has evicted for.</summary>
    public long Position => Interlocked.Read(ref _position);

    /// <summary>
    /// Takes the change log's head before the server serves anything: every response this instance caches from then on
    /// is evicted for every later event. (Should the database not answer yet, the first round takes it.)
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
            var head = await ChangeFeed.HeadAsync(
                db, clock.GetUtcNow().UtcDateTime, TimeSpan.FromSeconds(options.Value.GapSeconds), cancellationToken);
            Interlocked.CompareExchange(ref _position, head, -1);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRoundFailed(logger, exception);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Not cancelled by stopping: on shutdown the round under way finishes (the host's ShutdownTimeout bounds
                // how long it is waited for) and only the wait for the next round is cut short.
                await RunRoundAsync(CancellationToken.None);
            }
            catch (Exception exception)
            {
                LogRoundFailed(logger, exception);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(options.Value.PollSeconds), clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One round (never two at once).</summary>
    public async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        await _round.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
            var settings = options.Value;
            var gap = TimeSpan.FromSeconds(settings.GapSeconds);
            var now = clock.GetUtcNow().UtcDateTime;
            if (_position < 0)
            {
                // From the head at startup: what was written before, this instance's caches never held.
                Interlocked.Exchange(ref _position, await ChangeFeed.HeadAsync(db, now, gap, cancellationToken));
            }

            await ScheduledPublications.RecordDueAsync(db, now, cancellationToken);
            List<ContentChange> changes;
            var lag = TimeSpan.Zero;
            do
            {
                changes = await ChangeFeed.ReadAsync(db, _position, BatchSize, clock.GetUtcNow().UtcDateTime, gap, cancellationToken);
                if (changes.Count > 0)
                {
                    await eviction.EvictAsync(db, changes, cancellationToken);
                    Interlocked.Exchange(ref _position, changes[^1].Id);
                    var waited = clock.GetUtcNow().UtcDateTime - changes[0].OccurredAt;
                    lag = waited > lag ? waited : lag;
                }
            }
            while (changes.Count == BatchSize);

            metrics.ChangeLogTailLag.Record(lag.TotalSeconds);

            if (now >= _nextPurge)
            {
                await ChangeRetention.PurgeAsync(db, now.AddDays(-settings.RetentionDays), now, cancellationToken);
                await RevisionRetention.PruneAsync(db, revisions.Value, now, cancellationToken);
                await TrashRetention.PurgeExpiredAsync(db, trash.Value, now, cancellationToken);
                await AuditTrail.PruneAsync(db, audit.Value, now, cancellationToken);
                _nextPurge = now.AddHours(1);
            }
        }
        finally
        {
            _round.Release();
        }
    }

    public override void Dispose()
    {
        _round.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A round of the change worker failed; the next round tries again")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
