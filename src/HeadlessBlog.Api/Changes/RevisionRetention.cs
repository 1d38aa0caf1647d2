using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Changes;

/// <summary>Revision settings (section <c>Revisions</c>).</summary>
public sealed class RevisionOptions
{
    /// <summary>The newest revisions kept of each article; older ones are pruned.</summary>
    public int KeepPerArticle { get; set; } = 100;

    /// <summary>Revisions older than this are pruned; 0 keeps them whatever their age.</summary>
    public int KeepDays { get; set; }
}

/// <summary>
/// Prunes revisions beyond <see cref="RevisionOptions.KeepPerArticle"/> or older than <see cref="RevisionOptions.KeepDays"/>;
/// an article's newest revision is never pruned. Run by <see cref="ChangeWorker"/> with the change log's retention.
/// </summary>
public static class RevisionRetention
{
    /// <summary>Prunes what the settings no longer keep; returns how many revisions.</summary>
    public static async Task<int> PruneAsync(BlogDbContext db, RevisionOptions options, DateTime now, CancellationToken cancellationToken)
    {
        var keep = Math.Max(1, options.KeepPerArticle);
        var pruned = await db.ArticleRevisions
            .Where(r => db.ArticleRevisions.Count(newer => newer.ArticleId == r.ArticleId && newer.Number > r.Number) >= keep)
            .ExecuteDeleteAsync(cancellationToken);
        if (options.KeepDays > 0)
        {
            var cutoff = now.AddDays(-options.KeepDays);
            pruned += await db.ArticleRevisions
                .Where(r => r.CreatedAt < cutoff && db.ArticleRevisions.Any(newer => newer.ArticleId == r.ArticleId && newer.Number > r.Number))
                .ExecuteDeleteAsync(cancellationToken);
        }

        return pruned;
    }
}
