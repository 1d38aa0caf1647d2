using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Changes;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Sync;

/// <summary>
/// The pages of a sync. An initial sync lists every article, then every tag, the caller's view may see, in id order;
/// it then goes on from the change-log position taken when it started, so nothing written meanwhile is missed (it may
/// come twice: clients store by id). A delta lists each entity the events since the token changed, once, at its state
/// now: an article the view no longer shows (unpublished, rescheduled, deleted) or a deleted tag is a <c>delete</c>.
/// </summary>
internal static class SyncReads
{
    /// <summary>How many events a delta page reads at most.</summary>
    private const int EventsPerPage = 1_000;

    public static async Task<SyncPage> InitialAsync(SyncToken token, int limit, string? formats, TimeSpan gap, ContentRequest request)
    {
        var now = request.UtcNow();
        var visibleAt = token.Editor ? (DateTime?)null : now;
        var items = new List<SyncItem>(limit);
        var (kind, lastId) = (token.Kind, token.LastId);
        if (kind == SyncKinds.Article)
        {
            var ids = await ArticleQueries.IdsAfter(request.Db, lastId, limit, visibleAt).ToArrayAsync(request.Aborted);
            var articles = ids.Length == 0
                ? []
                : (await ArticleReads.ManyAsync(
                    request.Db, ArticleQueries.WithIds(request.Db, ids, visibleAt: null, formats), visibleAt, formats, now, request.Site, request.Aborted))
                    .OrderBy(a => a.Id).ToList();
            items.AddRange(articles.Select(a => new SyncItem(SyncKinds.Article, SyncOps.Upsert, a.Id, a.Slug, a)));
            if (articles.Count == limit)
            {
                return Page(items, token with { LastId = articles[^1].Id, IssuedAt = now }, hasMore: true);
            }

            (kind, lastId) = (SyncKinds.Tag, 0);
        }

        var tags = await TagReads.ManyAsync(TagQueries.After(request.Db, lastId, limit - items.Count), request);
        items.AddRange(tags.Select(t => new SyncItem(SyncKinds.Tag, SyncOps.Upsert, t.Id, t.Slug, t)));
        if (items.Count == limit)
        {
            return Page(items, token with { Kind = kind, LastId = tags.Count > 0 ? tags[^1].Id : lastId, IssuedAt = now }, hasMore: true);
        }

        // Done: from now on, what changed since the sync started.
        var pending = await ChangeFeed.ReadAsync(request.Db, token.Position, 1, now, gap, request.Aborted);
        return Page(items, new SyncToken(token.Editor, false, token.Position, SyncKinds.Article, 0, now), hasMore: pending.Count > 0);
    }

    public static async Task<SyncPage> DeltaAsync(SyncToken token, int limit, string? formats, TimeSpan gap, ContentRequest request)
    {
        var now = request.UtcNow();
        var events = await ChangeFeed.ReadAsync(request.Db, token.Position, EventsPerPage, now, gap, request.Aborted);
        // Each entity once, at the position of its last event on this page; a public view skips what it never saw.
        var latest = new Dictionary<(string Entity, int Id), ContentChange>();
        var position = token.Position;
        var full = false;
        foreach (var change in events)
        {
            var key = (change.Entity, change.EntityId);
            if (!latest.ContainsKey(key) && latest.Count == limit)
            {
                full = true;
                break;
            }

            if (token.Editor || change.Entity == ChangeTypes.TagEntity || change.WasVisible || change.Visible)
            {
                latest[key] = change;
            }

            position = change.Id;
        }

        var visibleAt = token.Editor ? (DateTime?)null : now;
        var articleIds = latest.Keys.Where(k => k.Entity == ChangeTypes.ArticleEntity).Select(k => k.Id).ToArray();
        var articles = articleIds.Length == 0
            ? []
            : (await ArticleReads.ManyAsync(
                request.Db, ArticleQueries.WithIds(request.Db, articleIds, visibleAt, formats), visibleAt, formats, now, request.Site, request.Aborted)).ToDictionary(a => a.Id);
        var tagIds = latest.Keys.Where(k => k.Entity == ChangeTypes.TagEntity).Select(k => k.Id).ToArray();
        var tags = tagIds.Length == 0 ? [] : (await TagReads.ManyAsync(TagQueries.WithIds(request.Db, tagIds), request)).ToDictionary(t => t.Id);
        var items = latest.Values.OrderBy(c => c.Id).Select(change => change.Entity == ChangeTypes.TagEntity
            ? Item(SyncKinds.Tag, change, tags.GetValueOrDefault(change.EntityId), t => t.Slug)
            : Item(SyncKinds.Article, change, articles.GetValueOrDefault(change.EntityId), a => a.Slug)).ToList();
        return Page(items, token with { Position = position, IssuedAt = now }, hasMore: full || events.Count == EventsPerPage);
    }

    private static SyncItem Item<T>(string kind, ContentChange change, T? current, Func<T, string> slug)
        where T : class =>
        current is null
            ? new SyncItem(kind, SyncOps.Delete, change.EntityId, change.Slug, null)
            : new SyncItem(kind, SyncOps.Upsert, change.EntityId, slug(current), current);

    private static SyncPage Page(List<SyncItem> items, SyncToken next, bool hasMore) => new(items, next.Encode(), hasMore);
}
