using System.Security.Claims;
using System.Text.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Changes;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Related;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Trash;

/// <summary>
/// Moving an article to the trash and back. The model's trash filter hides the article from every query; what other
/// rows tie it to the visible content — its tag assignments, its related links and the links to it — is taken out of
/// those tables and kept on the article (<see cref="Article.TrashedRelations"/>), so that tag pages, tag counts,
/// suggestions and related lists, which read those tables, need no filter of their own. The saves go through the
/// context like every write, so the change log records a deletion and a creation, and the caches are evicted.
/// </summary>
internal static class TrashBin
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    /// <summary>Moves article <paramref name="id"/> (locked by the caller's transaction) to the trash; the caller saves.</summary>
    public static async Task MoveAsync(BlogDbContext db, int id, HttpContext http, DateTime now, CancellationToken cancellationToken)
    {
        var article = await ArticleQueries.ForUpdate(db, id).SingleAsync(cancellationToken);
        var tagIds = article.Tags.Select(at => at.TagId).ToArray();
        var names = await db.Tags.Where(t => tagIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
        var linksTo = await ArticleQueries.LinksTo(db, id).ToListAsync(cancellationToken);
        article.TrashedRelations = JsonSerializer.Serialize(
            new TrashedRelations(
                [.. article.Tags.OrderBy(at => at.Position).Select(at => new TrashedTag(at.TagId, names[at.TagId]))],
                [.. article.RelatedLinks.OrderBy(l => l.Position).Select(l => l.TargetArticleId)],
                [.. linksTo.Select(l => new TrashedLink(l.SourceArticleId, l.Position))]),
            Json);
        article.DeletedAt = now;
        article.DeletedByKeyId = ApiKeys.KeyIdOf(http.User);
        article.DeletedByName = article.DeletedByKeyId is null ? null : http.User.FindFirstValue(ClaimTypes.Name);
        article.Tags.Clear();
        article.RelatedLinks.Clear();
        db.ArticleLinks.RemoveRange(linksTo);
    }

    /// <summary>
    /// Brings article <paramref name="id"/> back from the trash as it was: its tags (created again by name when deleted
    /// meanwhile), its related articles and the links to it from articles that still exist, each at its old place.
    /// Null when restored; else the 404 (or, after a collision with a concurrent write, 409) to answer.
    /// </summary>
    public static async Task<ProblemHttpResult?> RestoreAsync(BlogDbContext db, int id, DateTime now, CancellationToken cancellationToken)
    {
        var article = await TrashRetention.InTrash(db).Include(a => a.Tags).Include(a => a.RelatedLinks).AsSplitQuery()
            .FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (article is null)
        {
            return NotInTrash(id);
        }

        var relations = JsonSerializer.Deserialize<TrashedRelations>(article.TrashedRelations ?? "null", Json) ?? new([], [], []);
        var tagIds = relations.Tags.Select(t => t.Id).ToArray();
        var current = await db.Tags.Where(t => tagIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
        var tags = await TagNames.ResolveAsync(db, [.. relations.Tags.Select(t => current.GetValueOrDefault(t.Id, t.Name))], now, cancellationToken);
        article.Tags.AddRange(tags.Select((tag, position) => new ArticleTag { Tag = tag, Position = position }));

        var existing = await ArticleQueries.ExistingIds(db, [.. relations.Related, .. relations.LinkedFrom.Select(l => l.Source)])
            .ToListAsync(cancellationToken);
        RelatedLinks.Replace(article, [.. relations.Related.Where(existing.Contains)]);
        await LinkBackAsync(db, id, [.. relations.LinkedFrom.Where(l => existing.Contains(l.Source))], cancellationToken);

        article.DeletedAt = null;
        article.DeletedByKeyId = null;
        article.DeletedByName = null;
        article.TrashedRelations = null;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException exception) when (exception is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(exception))
        {
            // Restored or purged by another request since it was read: its version changed, or the rows this restore
            // adds collide with those of the one that won.
            return await TrashRetention.InTrash(db).AnyAsync(a => a.Id == id, cancellationToken)
                ? Problems.Conflict($"Article {id} could not be restored: a concurrent write created one of its tags or links. Try again.")
                : NotInTrash(id);
        }
    }

    /// <summary>Puts the links other articles had to article <paramref name="id"/> back at their places (where a list has room).</summary>
    private static async Task LinkBackAsync(BlogDbContext db, int id, List<TrashedLink> links, CancellationToken cancellationToken)
    {
        var sourceIds = links.Select(l => l.Source).ToArray();
        var sources = await db.Articles.Include(a => a.RelatedLinks).Where(a => sourceIds.Contains(a.Id)).ToListAsync(cancellationToken);
        foreach (var link in links)
        {
            var source = sources.Single(s => s.Id == link.Source);
            if (source.RelatedLinks.Count >= Limits.MaxRelatedPerArticle || source.RelatedLinks.Any(l => l.TargetArticleId == id))
            {
                continue;
            }

            var ordered = source.RelatedLinks.OrderBy(l => l.Position).ToList();
            var restored = new ArticleLink { TargetArticleId = id };
            ordered.Insert(Math.Min(link.Position, ordered.Count), restored);
            source.RelatedLinks.Add(restored);
            RelatedLinks.Renumber(ordered);
        }
    }

    public static ProblemHttpResult NotInTrash(int id) =>
        Problems.NotFound($"Article {id} is not in the trash.");
}
