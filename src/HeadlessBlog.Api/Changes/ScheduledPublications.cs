using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Changes;

/// <summary>
/// Records <c>article.published</c> when a scheduled article's time has come: the moment nothing in the database
/// changes, and that webhooks, sync clients and other instances must still learn of. Exactly once with any number of
/// instances: each event is tied to the event that scheduled it by a unique key (<see cref="ContentChange.Fulfils"/>),
/// so of two instances recording it at once one insert fails and is dropped. After downtime it catches up.
/// </summary>
public static class ScheduledPublications
{
    /// <summary>The scheduling events whose time has come and that are still their article's latest event.</summary>
    public static IQueryable<ContentChange> Due(BlogDbContext db, DateTime now) =>
        db.ContentChanges
            .Where(c => c.VisibleFrom != null && c.VisibleFrom <= now && c.Entity == ChangeTypes.ArticleEntity)
            .Where(c => !db.ContentChanges.Any(later => later.Entity == c.Entity && later.EntityId == c.EntityId && later.Id > c.Id))
            .OrderBy(c => c.VisibleFrom).ThenBy(c => c.Id)
            .Take(100);

    /// <summary>Records the due publications; returns how many this call recorded.</summary>
    public static async Task<int> RecordDueAsync(BlogDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var recorded = 0;
        foreach (var due in await Due(db, now).AsNoTracking().ToListAsync(cancellationToken))
        {
            recorded += await RecordAsync(db, due, now, cancellationToken) ? 1 : 0;
        }

        return recorded;
    }

    /// <summary>
    /// Records the publication that <paramref name="due"/> scheduled, if its article is visible; false when it is not,
    /// or when another instance recorded it first (its insert then fails on the unique key and is dropped).
    /// </summary>
    public static async Task<bool> RecordAsync(BlogDbContext db, ContentChange due, DateTime now, CancellationToken cancellationToken)
    {
        var slug = await db.Articles.Where(a => a.Id == due.EntityId).Where(Visibility.OfArticle(now))
            .Select(a => a.Slug).FirstOrDefaultAsync(cancellationToken);
        if (slug is null)
        {
            return false;
        }

        db.ContentChanges.Add(new ContentChange
        {
            Type = ChangeTypes.ArticlePublished,
            OccurredAt = now,
            Entity = due.Entity,
            EntityId = due.EntityId,
            Slug = slug,
            WasVisible = false,
            Visible = true,
            Fulfils = due.Id,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException exception) when (DbErrors.IsUniqueViolation(exception))
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
