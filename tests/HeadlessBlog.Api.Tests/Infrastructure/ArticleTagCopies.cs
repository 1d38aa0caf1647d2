using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Tests.Infrastructure;

/// <summary>
/// The copy of an article's status and publication time on its tag assignments (<see cref="ArticleTag"/>) must equal
/// the article's after every write. <see cref="ApiFactory"/> checks it over its whole database when a test class is
/// done, so a write path that bypasses <see cref="BlogDbContext.SaveChanges(bool)"/> (an <c>ExecuteUpdate</c> of a
/// status, raw SQL) fails the class whose tests drive it.
/// </summary>
public static class ArticleTagCopies
{
    /// <summary>"article 12, tag 3: copy Draft/null, article Published/2026-…" for every assignment out of step.</summary>
    public static async Task<List<string>> OutOfStepAsync(BlogDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.ArticleTags.AsNoTracking()
            .Where(at => at.ArticleStatus != at.Article.Status || at.ArticlePublishedAt != at.Article.PublishedAt)
            .Select(at => new { at.ArticleId, at.TagId, at.ArticleStatus, at.ArticlePublishedAt, at.Article.Status, at.Article.PublishedAt })
            .ToListAsync(cancellationToken);
        return rows.Select(r => $"article {r.ArticleId}, tag {r.TagId}: copy {r.ArticleStatus}/{r.ArticlePublishedAt:O}, "
            + $"article {r.Status}/{r.PublishedAt:O}").ToList();
    }
}
