using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Changes;

/// <summary>
/// Reads the change log in order without ever passing an event that may still commit. Event ids are taken at insert:
/// on SQL Server a write that took id 10 can commit after one that took 11, so a reader that has seen 11 must not move
/// past 10. Readers therefore stop at a gap in the ids while the event after it is younger than
/// <see cref="ChangeOptions.GapSeconds"/>; an older gap is a write that rolled back (or an identity jump) and is passed.
/// On SQLite writes are serialized and ids have no gaps, so nothing waits there.
/// </summary>
public static class ChangeFeed
{
    /// <summary>The events after <paramref name="after"/>, oldest first: at most <paramref name="limit"/>, none past a gap that may still fill.</summary>
    public static async Task<List<ContentChange>> ReadAsync(
        BlogDbContext db, long after, int limit, DateTime now, TimeSpan gapWait, CancellationToken cancellationToken)
    {
        var rows = await db.ContentChanges.AsNoTracking().Where(c => c.Id > after).OrderBy(c => c.Id).Take(limit)
            .ToListAsync(cancellationToken);
        return Settled(rows, after, now - gapWait);
    }

    /// <summary>The last event that every reader may pass: the newest one with no gap before it that may still fill.</summary>
    public static async Task<long> HeadAsync(BlogDbContext db, DateTime now, TimeSpan gapWait, CancellationToken cancellationToken)
    {
        var settledBefore = now - gapWait;
        // Events written before the gap window: any gap before them is for good. Newest first, so the scan stops early.
        var old = await db.ContentChanges.Where(c => c.OccurredAt <= settledBefore).OrderByDescending(c => c.Id)
            .Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken) ?? 0;
        var recent = await db.ContentChanges.AsNoTracking().Where(c => c.Id > old).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var settled = Settled(recent, old, settledBefore);
        return settled.Count > 0 ? settled[^1].Id : old;
    }

    private static List<ContentChange> Settled(List<ContentChange> rows, long after, DateTime settledBefore)
    {
        var previous = after;
        var count = 0;
        foreach (var row in rows)
        {
            if (row.Id != previous + 1 && row.OccurredAt > settledBefore)
            {
                break;
            }

            previous = row.Id;
            count++;
        }

        return count == rows.Count ? rows : rows[..count];
    }
}
