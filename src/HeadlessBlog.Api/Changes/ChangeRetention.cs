using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Changes;

/// <summary>Purges events older than <see cref="ChangeOptions.RetentionDays"/>, in batches, keeping schedules still to come.</summary>
public static class ChangeRetention
{
    public const int BatchSize = 1_000;

    /// <summary>One batch of purgeable events (a schedule whose time has not come is kept, however old).</summary>
    public static IQueryable<ContentChange> Expired(BlogDbContext db, DateTime cutoff, DateTime now) =>
        db.ContentChanges.Where(c => c.OccurredAt < cutoff && (c.VisibleFrom == null || c.VisibleFrom <= now))
            .OrderBy(c => c.Id).Take(BatchSize);

    /// <summary>Purges every expired event; returns how many.</summary>
    public static async Task<int> PurgeAsync(BlogDbContext db, DateTime cutoff, DateTime now, CancellationToken cancellationToken)
    {
        var purged = 0;
        int batch;
        do
        {
            batch = await Expired(db, cutoff, now).ExecuteDeleteAsync(cancellationToken);
            purged += batch;
        }
        while (batch == BatchSize);

        return purged;
    }
}
