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
            var slug = await db.Articles.Where(a => a.Id == due.EntityId).Where(Visibility.OfArticle(now))
                .Select(a => a.Slug).FirstOrDefaultAsync(cancellationToken);
            if (slug is null)
            {
                continue;
            }

            var published = new ContentChange
            {
                Type = ChangeTypes.ArticlePublished,
                OccurredAt = now,
                Entity = due.Entity,
                EntityId = due.EntityId,
                Slug = slug,
                WasVisible = false,
                Visible = true,
                Fulfils = due.Id,
            };
            db.ContentChanges.Add(published);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                recorded++;
            }
            catch (DbUpdateException exception) when (DbErrors.IsUniqueViolation(exception))
            {
                // Another instance recorded it first.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        return recorded;
    }
}
