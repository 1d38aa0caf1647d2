using HeadlessBlog.Api.Delivery;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessBlog.Api.Publishing;

/// <summary>
/// Knows when the next scheduled article becomes visible. Cached responses vary on <see cref="Snapshot.Epoch"/>: the
/// publication time of the newest article already visible, read from the database, so it changes once a scheduled
/// time has passed (a scheduled article appears on time even in cached lists, with no background job) and every
/// instance on the same database computes the same one (instances sharing an output cache in Redis share its
/// entries). What other instances write reaches this one through the change log (<c>ChangeWorker</c>).
/// </summary>
/// <remarks>
/// One reading of the database at a time, shared by every request that needs it; none waits on a lock. When a reading
/// fails (the database is unavailable) the last snapshot stays in use, so the output cache keeps answering, and until
/// a reading succeeds again requests wait for the next one only briefly.
/// </remarks>
public sealed class PublicationSchedule(IServiceScopeFactory scopes, TimeProvider clock, IOptions<CachingOptions> options)
{
    private readonly Lock _gate = new();
    private Snapshot? _current;
    private Task<Snapshot>? _reading;
    private bool _stale = true;
    private bool _lastReadingFailed;

    /// <summary>
    /// When the snapshot is read again even without a write here (ticks of UTC): another instance on the same database
    /// may have scheduled something this one cannot know of, should its change worker not run.
    /// </summary>
    private long _readAgainAt;

    private static readonly TimeSpan FailingWait = TimeSpan.FromMilliseconds(250);

    private bool IsFresh(Snapshot? current, DateTime now) =>
        current is not null && !Volatile.Read(ref _stale) && (current.Next is null || current.Next > now)
        && now.Ticks < Volatile.Read(ref _readAgainAt);

    /// <param name="Next">When the next scheduled article becomes visible, if one is scheduled.</param>
    /// <param name="Epoch">Ticks of the newest visible article's publication time (0: none).</param>
    public sealed record Snapshot(DateTime? Next, long Epoch);

    /// <summary>Called after every article write: the next scheduled time may have changed.</summary>
    public void Invalidate() => Volatile.Write(ref _stale, true);

    public async ValueTask<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var current = Volatile.Read(ref _current);
        if (IsFresh(current, now))
        {
            return current!;
        }

        Task<Snapshot> reading;
        bool patient;
        lock (_gate)
        {
            patient = current is null || !_lastReadingFailed;
            reading = _reading ??= ReadAsync();
        }

        if (patient)
        {
            return await reading.WaitAsync(cancellationToken);
        }

        // While the database is failing, a request with a snapshot to use waits only briefly for the next attempt
        // (long enough for a database that is back), then goes on with what was known.
        var first = await Task.WhenAny(reading, Task.Delay(FailingWait, cancellationToken));
        return first == reading ? await reading : current!;
    }

    private async Task<Snapshot> ReadAsync()
    {
        // Not tied to the request that started it: others share it. The database's own timeouts bound it.
        await Task.Yield();
        var now = clock.GetUtcNow().UtcDateTime;
        var current = Volatile.Read(ref _current);
        Volatile.Write(ref _stale, false);
        try
        {
            DateTime? next;
            DateTime? newestVisible;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
                next = await NextScheduled(db, now).FirstOrDefaultAsync(CancellationToken.None);
                newestVisible = await NewestVisible(db, now).FirstOrDefaultAsync(CancellationToken.None);
            }

            Volatile.Write(ref _readAgainAt, now.AddSeconds(Math.Max(1, options.Value.OutputCacheSeconds)).Ticks);
            var snapshot = new Snapshot(next, newestVisible?.Ticks ?? 0);
            Volatile.Write(ref _current, snapshot);
            Finish(failed: false);
            return snapshot;
        }
        catch (Exception) when (current is not null)
        {
            // Not known: keep serving what was known, in the epoch of a scheduled time that has passed (what the database
            // would give, unless another article came due with it), and ask again later.
            var kept = current.Next is { } previous && previous <= now ? new Snapshot(null, previous.Ticks) : current;
            Volatile.Write(ref _current, kept);
            Finish(failed: true);
            return kept;
        }
        catch
        {
            Finish(failed: true);
            throw;
        }
    }

    private void Finish(bool failed)
    {
        lock (_gate)
        {
            if (failed)
            {
                Volatile.Write(ref _stale, true);
            }

            _lastReadingFailed = failed;
            _reading = null;
        }
    }

    /// <summary>The publication time of the newest article visible at <paramref name="now"/>, if any: the epoch.</summary>
    public static IQueryable<DateTime?> NewestVisible(BlogDbContext db, DateTime now) =>
        db.Articles.Where(Visibility.OfArticle(now)).OrderByDescending(a => a.PublishedAt).Select(a => a.PublishedAt).Take(1);

    /// <summary>The earliest publication time still to come (the next scheduled article), if any.</summary>
    public static IQueryable<DateTime?> NextScheduled(BlogDbContext db, DateTime now) =>
        db.Articles.Where(Visibility.ScheduledArticle(now)).OrderBy(a => a.PublishedAt).Select(a => a.PublishedAt).Take(1);
}
