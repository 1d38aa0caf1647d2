using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace HeadlessBlog.Api.Changes;

/// <summary>
/// An event of a save under way; the id of a new entity is read from <see cref="Entity"/> at the commit.
/// <paramref name="Revises"/>: the write changes the article itself (not just a tag it carries), so it gets a revision.
/// <paramref name="AuditOnly"/>: an event of the audit log alone (see <see cref="AuditTrail"/>), not of the change log.
/// </summary>
internal sealed record ChangeDraft(object? Entity, ContentChange Change, bool Revises = false, bool AuditOnly = false);

/// <summary>
/// What a save is about to change, as events: read from the change tracker before the save runs (states, original
/// values), so that the visibility before and after, the previous slug and the changed fields are known.
/// </summary>
internal static class ChangeCollector
{
    public sealed record StoredArticle(int Id, string Slug, ArticleStatus Status, DateTime? PublishedAt);

    public static IQueryable<StoredArticle> StoredArticles(BlogDbContext db, int[] ids) =>
        db.Articles.Where(a => ids.Contains(a.Id)).Select(a => new StoredArticle(a.Id, a.Slug, a.Status, a.PublishedAt));

    /// <summary>The articles that carry any of the tags (read before the save, while a deleted tag's assignments exist).</summary>
    public static IQueryable<int> Tagged(BlogDbContext db, int[] tagIds) =>
        db.ArticleTags.Where(at => tagIds.Contains(at.TagId)).Select(at => at.ArticleId).Distinct();

    public sealed record StoredTag(int ArticleId, string Slug);

    /// <summary>The slugs of the articles' tags as stored, in each article's order.</summary>
    public static IQueryable<StoredTag> StoredTags(BlogDbContext db, int[] articleIds) =>
        db.ArticleTags.Where(at => articleIds.Contains(at.ArticleId)).OrderBy(at => at.ArticleId).ThenBy(at => at.Position)
            .Select(at => new StoredTag(at.ArticleId, at.Tag.Slug));

    /// <summary>The reads the collector makes before the save (synchronous or not, as the save is).</summary>
    public sealed record Reads(
        Func<int[], Task<List<StoredArticle>>> Articles, Func<int[], Task<List<int>>> Tagged, Func<int[], Task<List<StoredTag>>> Tags);

    /// <summary>The events of the save about to run (none when it changes no content).</summary>
    public static async Task<List<ChangeDraft>> CollectAsync(BlogDbContext db, DateTime now, (int? KeyId, string? Name) actor, Reads reads)
    {
        var drafts = await DraftsAsync(db, now, actor, reads);
        await PreviousTagsAsync(drafts, reads);
        return drafts;
    }

    /// <summary>
    /// The tags an article had before the save, where the save changes them or deletes the article (a new one had
    /// none); for the others they are its tags after the save, which <see cref="ChangeLog"/> reads at the commit.
    /// </summary>
    private static async Task PreviousTagsAsync(List<ChangeDraft> drafts, Reads reads)
    {
        var changing = drafts
            .Where(d => d.Change.Entity == ChangeTypes.ArticleEntity && d.Change.PreviousTags is null
                        && (d.Change.Type == ChangeTypes.ArticleDeleted || d.Change.ChangedFields.Split(',').Contains(ChangedFields.Tags)))
            .ToList();
        if (changing.Count == 0)
        {
            return;
        }

        var stored = (await reads.Tags([.. changing.Select(d => d.Change.EntityId).Distinct()])).ToLookup(t => t.ArticleId, t => t.Slug);
        foreach (var draft in changing)
        {
            draft.Change.PreviousTags = string.Join(',', stored[draft.Change.EntityId]);
        }
    }

    private static async Task<List<ChangeDraft>> DraftsAsync(BlogDbContext db, DateTime now, (int? KeyId, string? Name) actor, Reads reads)
    {
        var entries = db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        if (!entries.Any(e => e.Entity is Article or Tag or ArticleTag or ArticleLink))
        {
            return [];
        }

        var (keyId, name) = actor;
        var drafts = new List<ChangeDraft>();
        void Add(object? entity, string entityKind, int id, string type, string slug, string? previousSlug, IEnumerable<string> fields, bool wasVisible, bool visible, bool revises = false) =>
            drafts.Add(new ChangeDraft(entity, new ContentChange
            {
                Type = type,
                OccurredAt = now,
                Entity = entityKind,
                EntityId = id,
                Slug = slug,
                PreviousSlug = previousSlug,
                ChangedFields = string.Join(',', fields),
                WasVisible = wasVisible,
                Visible = visible,
                ActorKeyId = keyId,
                ActorName = name,
            }, revises));

        // A tag renamed or deleted changes what every article carrying it shows: those articles are updated too.
        var retagged = new List<int>();
        foreach (var entry in entries.Where(e => e.Entity is Tag))
        {
            var (slug, previousSlug) = Slugs(entry, nameof(Tag.Slug));
            var fields = ChangedFields.OfTag(entry).ToList();
            if (entry.State == EntityState.Deleted || fields.Any(f => f is "name" or "slug"))
            {
                retagged.Add(((Tag)entry.Entity).Id);
            }

            var type = entry.State switch
            {
                EntityState.Added => ChangeTypes.TagCreated,
                EntityState.Deleted => ChangeTypes.TagDeleted,
                _ => fields.Count > 0 ? ChangeTypes.TagUpdated : null,
            };
            if (type is not null)
            {
                Add(entry.Entity, ChangeTypes.TagEntity, ((Tag)entry.Entity).Id, type, slug, previousSlug, fields,
                    entry.State != EntityState.Added, entry.State != EntityState.Deleted);
            }
        }

        var collections = CollectionChanges(entries);
        // Articles whose own tag assignments or links change (not those only carrying a renamed or deleted tag).
        var revised = collections.Keys.ToHashSet();
        foreach (var articleId in retagged.Count == 0 ? [] : await reads.Tagged([.. retagged]))
        {
            AddField(collections, articleId, ChangedFields.Tags);
        }

        foreach (var entry in entries.Where(e => e.Entity is Article))
        {
            var id = (int)entry.Property(nameof(Article.Id)).CurrentValue!;
            var fields = ChangedFields.OfArticle(entry).Concat(collections.GetValueOrDefault(id) ?? []).ToList();
            collections.Remove(id);
            // Readers see a move to the trash as a deletion and a restore from it as a creation; purging an article
            // already in the trash changes nothing they can see.
            var (inTrashBefore, inTrashAfter) = TrashStates(entry);
            if (inTrashBefore && entry.State == EntityState.Deleted)
            {
                continue;
            }

            var gone = entry.State == EntityState.Deleted || inTrashAfter;
            var arrives = entry.State == EntityState.Added || (inTrashBefore && !inTrashAfter);
            var (slug, previousSlug) = Slugs(entry, nameof(Article.Slug));
            var wasVisible = !arrives && IsVisible(entry, original: true, now);
            var visible = !gone && IsVisible(entry, original: false, now);
            var types = new List<string>();
            if (arrives)
            {
                types.Add(ChangeTypes.ArticleCreated);
            }
            else if (gone)
            {
                types.Add(ChangeTypes.ArticleDeleted);
            }
            else if (fields.Count > 0)
            {
                types.Add(ChangeTypes.ArticleUpdated);
            }

            if (!gone && wasVisible != visible)
            {
                types.Add(visible ? ChangeTypes.ArticlePublished : ChangeTypes.ArticleUnpublished);
            }

            foreach (var type in types)
            {
                // Neither a move to the trash nor a restore from it changes the article's content: no revision.
                Add(entry.Entity, ChangeTypes.ArticleEntity, id, type, slug, previousSlug, fields, wasVisible, visible,
                    revises: !gone && !inTrashBefore);
                if (arrives)
                {
                    drafts[^1].Change.PreviousTags = "";
                }
            }

            var article = (Article)entry.Entity;
            if (types.Count > 0 && !gone && Visibility.IsScheduled(article.Status, article.PublishedAt, now))
            {
                drafts[^1].Change.VisibleFrom = article.PublishedAt;
            }
        }

        // Links or tags of articles the save does not otherwise touch (the links to an article being deleted).
        if (collections.Count > 0)
        {
            foreach (var stored in await reads.Articles([.. collections.Keys]))
            {
                var visible = Visibility.IsVisible(stored.Status, stored.PublishedAt, now);
                Add(null, ChangeTypes.ArticleEntity, stored.Id, ChangeTypes.ArticleUpdated, stored.Slug, null, collections[stored.Id], visible, visible,
                    revises: revised.Contains(stored.Id));
            }
        }

        return drafts;
    }

    /// <summary>Articles (by the id the tracker knows, temporary for new ones) whose tags or related links change.</summary>
    private static Dictionary<int, List<string>> CollectionChanges(List<EntityEntry> entries)
    {
        var changes = new Dictionary<int, List<string>>();
        foreach (var entry in entries)
        {
            if (entry.Entity is ArticleTag && ChangedFields.ChangesCollection(entry, nameof(ArticleTag.Position)))
            {
                AddField(changes, (int)entry.Property(nameof(ArticleTag.ArticleId)).CurrentValue!, ChangedFields.Tags);
            }
            else if (entry.Entity is ArticleLink && ChangedFields.ChangesCollection(entry, nameof(ArticleLink.Position)))
            {
                AddField(changes, (int)entry.Property(nameof(ArticleLink.SourceArticleId)).CurrentValue!, ChangedFields.Related);
            }
        }

        return changes;
    }

    /// <summary>Notes that article <paramref name="articleId"/>'s <paramref name="field"/> changes (once).</summary>
    private static void AddField(Dictionary<int, List<string>> changes, int articleId, string field)
    {
        if (!changes.TryGetValue(articleId, out var fields))
        {
            changes[articleId] = fields = [];
        }

        if (!fields.Contains(field))
        {
            fields.Add(field);
        }
    }

    /// <summary>Whether the article was in the trash before the save, and will be after it.</summary>
    private static (bool Before, bool After) TrashStates(EntityEntry entry)
    {
        var deletedAt = entry.Property(nameof(Article.DeletedAt));
        return entry.State switch
        {
            EntityState.Added => (false, deletedAt.CurrentValue is not null),
            EntityState.Deleted => (deletedAt.OriginalValue is not null, false),
            _ => (deletedAt.OriginalValue is not null, deletedAt.CurrentValue is not null),
        };
    }

    private static (string Slug, string? PreviousSlug) Slugs(EntityEntry entry, string property)
    {
        var slug = entry.Property(property);
        var original = (string)slug.OriginalValue!;
        var current = (string)slug.CurrentValue!;
        return entry.State switch
        {
            EntityState.Deleted => (original, null),
            EntityState.Modified when original != current => (current, original),
            _ => (current, null),
        };
    }

    private static bool IsVisible(EntityEntry entry, bool original, DateTime now)
    {
        var status = entry.Property(nameof(Article.Status));
        var publishedAt = entry.Property(nameof(Article.PublishedAt));
        return original
            ? Visibility.IsVisible((ArticleStatus)status.OriginalValue!, (DateTime?)publishedAt.OriginalValue, now)
            : Visibility.IsVisible((ArticleStatus)status.CurrentValue!, (DateTime?)publishedAt.CurrentValue, now);
    }
}
