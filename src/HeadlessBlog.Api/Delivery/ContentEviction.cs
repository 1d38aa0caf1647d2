using System.Data.Common;
using System.Runtime.CompilerServices;
using HeadlessBlog.Api.Changes;
using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Data;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HeadlessBlog.Api.Delivery;

/// <summary>
/// The one place where content writes reach the caches: from the entities a save changes, it evicts the output-cache
/// entries that showed them (<see cref="ResponseContent"/>), including the pages of articles whose related lists show
/// a changed article, clears the kept results and asks the publication schedule to be read again. Every write goes
/// through <c>SaveChanges</c>; inside an explicit transaction the eviction waits for its end, so a reader cannot cache
/// the old state again before the commit.
/// </summary>
public sealed class ContentEviction(IOutputCacheStore store, PublicationSchedule schedule, DerivedResults derived)
    : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Pending> _pending = [];

    /// <summary>What a context's saves changed, not yet evicted.</summary>
    private sealed class Pending
    {
        public HashSet<string> Tags { get; } = new(StringComparer.Ordinal);
        public bool ArticlesChanged { get; set; }
        public bool Derived { get; set; }
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is BlogDbContext db && Changes(db) is { } pending && ChangedArticleIds(db) is { Length: > 0 } ids)
        {
            pending.Tags.UnionWith(Linking(db, ids).ToList().Select(ResponseContent.ArticleTag));
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is BlogDbContext db && Changes(db) is { } pending && ChangedArticleIds(db) is { Length: > 0 } ids)
        {
            var linking = await Linking(db, ids).ToListAsync(cancellationToken);
            pending.Tags.UnionWith(linking.Select(ResponseContent.ArticleTag));
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        FlushUnlessInTransaction(eventData.Context).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await FlushUnlessInTransaction(eventData.Context);
        return result;
    }

    // A failed save may still have written (a commit whose outcome is unknown): evicting too much is harmless.
    public override void SaveChangesFailed(DbContextErrorEventData eventData) =>
        FlushUnlessInTransaction(eventData.Context).GetAwaiter().GetResult();

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) =>
        FlushUnlessInTransaction(eventData.Context);

    /// <summary>Records what the save is about to change; null when it changes no content.</summary>
    private Pending? Changes(BlogDbContext db)
    {
        Pending? pending = null;
        Pending Get() => pending ??= _pending.GetValue(db, _ => new Pending());
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            switch (entry.Entity)
            {
                case Article article:
                    ArticleChanged(Get(), article.Id, entry.State);
                    break;
                case ArticleTag assignment:
                    ArticleChanged(Get(), assignment.ArticleId, entry.State);
                    break;
                case ArticleLink link:
                    ArticleChanged(Get(), link.SourceArticleId, entry.State);
                    break;
                case Tag when entry.State == EntityState.Added:
                    Get().Tags.Add(ResponseContent.TagListsTag);
                    break;
                case Tag tag:
                    TagChanged(Get(), tag.Id);
                    break;
            }
        }

        return pending;
    }

    private static void TagChanged(Pending pending, int tagId)
    {
        pending.Tags.UnionWith([ResponseContent.TagTag(tagId), ResponseContent.TagListsTag, ResponseContent.ArticleListsTag]);
        pending.Derived = true;
    }

    private static void ArticleChanged(Pending pending, int articleId, EntityState state)
    {
        if (state != EntityState.Added || articleId > 0)
        {
            pending.Tags.Add(ResponseContent.ArticleTag(articleId));
        }

        pending.Tags.UnionWith([ResponseContent.ArticleListsTag, ResponseContent.TagListsTag, ResponseContent.TagCountsTag]);
        pending.ArticlesChanged = pending.Derived = true;
    }

    /// <summary>Stored articles the save changes or deletes: the pages of the articles linking to them show them.</summary>
    private static int[] ChangedArticleIds(BlogDbContext db) =>
        [.. db.ChangeTracker.Entries<Article>().Where(e => e.State is EntityState.Modified or EntityState.Deleted).Select(e => e.Entity.Id)];

    private static IQueryable<int> Linking(BlogDbContext db, int[] ids) =>
        db.ArticleLinks.Where(l => ids.Contains(l.TargetArticleId)).Select(l => l.SourceArticleId).Distinct();

    /// <summary>
    /// Evicts what writes recorded in the change log showed, wherever they were made: another instance on the same
    /// database, or the scheduler (a scheduled article becoming visible changes no row).
    /// </summary>
    public async Task EvictAsync(BlogDbContext db, IReadOnlyCollection<ContentChange> changes, CancellationToken cancellationToken)
    {
        var pending = new Pending();
        foreach (var change in changes)
        {
            if (change.Entity == ChangeTypes.TagEntity)
            {
                TagChanged(pending, change.EntityId);
            }
            else
            {
                ArticleChanged(pending, change.EntityId, EntityState.Modified);
            }
        }

        var articleIds = changes.Where(c => c.Entity != ChangeTypes.TagEntity).Select(c => c.EntityId).Distinct().ToArray();
        if (articleIds.Length > 0)
        {
            pending.Tags.UnionWith((await Linking(db, articleIds).ToListAsync(cancellationToken)).Select(ResponseContent.ArticleTag));
        }

        await FlushAsync(pending);
    }

    private Task FlushUnlessInTransaction(DbContext? context) =>
        context is null || context.Database.CurrentTransaction is not null ? Task.CompletedTask : FlushAsync(context);

    private Task FlushAsync(DbContext context)
    {
        if (!_pending.TryGetValue(context, out var pending))
        {
            return Task.CompletedTask;
        }

        _pending.Remove(context);
        return FlushAsync(pending);
    }

    private async Task FlushAsync(Pending pending)
    {
        if (pending.ArticlesChanged)
        {
            schedule.Invalidate();
        }

        if (pending.Derived)
        {
            derived.Clear();
        }

        foreach (var tag in pending.Tags)
        {
            // Not the request's token: a client that goes away must not leave stale entries behind.
            await store.EvictByTagAsync(tag, CancellationToken.None);
        }
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => End(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        EndAsync(eventData.Context);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => End(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        EndAsync(eventData.Context);

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => End(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) =>
        EndAsync(eventData.Context);

    private void End(DbContext? context) => EndAsync(context).GetAwaiter().GetResult();

    private Task EndAsync(DbContext? context) => context is null ? Task.CompletedTask : FlushAsync(context);
}
