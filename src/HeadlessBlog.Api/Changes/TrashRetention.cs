using System.Linq.Expressions;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Changes;

/// <summary>Trash settings (section <c>Trash</c>).</summary>
public sealed class TrashOptions
{
    /// <summary>Days an article stays in the trash before it is purged; 0 keeps it until it is purged by hand.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>When an article moved to the trash at <paramref name="deletedAt"/> is purged (null: never by itself).</summary>
    public DateTime? PurgeAt(DateTime deletedAt) => RetentionDays > 0 ? deletedAt.AddDays(RetentionDays) : null;
}

/// <summary>
/// Purges articles from the trash for good: with their revisions, preview links, old slugs and anything else that
/// cascades. Readers saw them deleted when they were moved to the trash, so a purge records no event and evicts
/// nothing. Run for one article by <c>DELETE /api/trash/{id}</c>, and hourly by <see cref="ChangeWorker"/> for those
/// older than <see cref="TrashOptions.RetentionDays"/>.
/// </summary>
public static class TrashRetention
{
    private const int BatchSize = 500;

    /// <summary>Purges the articles in the trash for more than the retention; returns how many.</summary>
    public static async Task<int> PurgeExpiredAsync(BlogDbContext db, TrashOptions options, DateTime now, CancellationToken cancellationToken)
    {
        if (options.RetentionDays <= 0)
        {
            return 0;
        }

        var cutoff = now.AddDays(-options.RetentionDays);
        var purged = 0;
        int batch;
        do
        {
            batch = await PurgeAsync(db, a => a.DeletedAt < cutoff, cancellationToken);
            purged += batch;
        }
        while (batch == BatchSize);

        return purged;
    }

    /// <summary>Purges the articles in the trash that match <paramref name="which"/> (at most a batch); returns how many.</summary>
    public static Task<int> PurgeAsync(BlogDbContext db, Expression<Func<Article, bool>> which, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var ids = await InTrash(db).Where(which).OrderBy(a => a.Id).Select(a => a.Id).Take(BatchSize).ToArrayAsync(cancellationToken);
            if (ids.Length == 0)
            {
                return 0;
            }

            // Links to it were taken out when it was moved to the trash; one made by a write that raced the move has
            // no cascade (one cascade path only on SQL Server) and goes first.
            await db.ArticleLinks.Where(l => ids.Contains(l.TargetArticleId)).ExecuteDeleteAsync(cancellationToken);
            var purged = await InTrash(db).Where(a => ids.Contains(a.Id)).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return purged;
        });
    }

    /// <summary>The articles in the trash.</summary>
    public static IQueryable<Article> InTrash(BlogDbContext db) =>
        db.Articles.IgnoreQueryFilters([Article.TrashFilter]).Where(a => a.DeletedAt != null);
}
