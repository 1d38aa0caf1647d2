using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Telemetry;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HeadlessBlog.Api.Changes;

/// <summary>
/// Records every content write in the change log (<see cref="ContentChange"/>), in the transaction of the write itself:
/// what each save changes is read from the change tracker before it runs (states, original values), and the events
/// are inserted when its transaction commits — the save's own (every content save gets one) or the caller's — once
/// new articles and tags have their ids. A failed insert fails the commit, so a write never lands without its events.
/// No handler writes an event.
/// </summary>
public sealed class ChangeLog(IHttpContextAccessor http, TimeProvider clock, ChangeSignal signal, BlogMetrics metrics) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly AsyncLocal<(int? KeyId, string? Name)?> Behalf = new();

    private readonly ConditionalWeakTable<DbContext, Unit> _units = [];

    /// <summary>
    /// Until disposed, the saves of this flow of work name <paramref name="keyId"/> and <paramref name="name"/> as their
    /// actor where no request does: work done in the background for someone (an import job, for the key that sent it).
    /// </summary>
    public static IDisposable OnBehalfOf(int? keyId, string? name)
    {
        var previous = Behalf.Value;
        Behalf.Value = (keyId, name);
        return new BehalfScope(previous);
    }

    private sealed class BehalfScope((int? KeyId, string? Name)? previous) : IDisposable
    {
        public void Dispose() => Behalf.Value = previous;
    }

    /// <summary>The events a context's saves collected that its transaction has not committed yet.</summary>
    private sealed class Unit
    {
        public List<ChangeDraft> Drafts { get; } = [];

        /// <summary>Drafts before the save under way (kept if it fails inside a caller's transaction).</summary>
        public int BeforeSave { get; set; }

        public bool Saving { get; set; }
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is BlogDbContext db)
        {
            Collect(db, new ChangeCollector.Reads(
                ids => Task.FromResult(ChangeCollector.StoredArticles(db, ids).ToList()),
                tags => Task.FromResult(ChangeCollector.Tagged(db, tags).ToList()),
                ids => Task.FromResult(ChangeCollector.StoredTags(db, ids).ToList()))).GetAwaiter().GetResult();
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is BlogDbContext db)
        {
            await Collect(db, new ChangeCollector.Reads(
                ids => ChangeCollector.StoredArticles(db, ids).ToListAsync(cancellationToken),
                tags => ChangeCollector.Tagged(db, tags).ToListAsync(cancellationToken),
                ids => ChangeCollector.StoredTags(db, ids).ToListAsync(cancellationToken)));
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        SaveEnded(eventData.Context, failed: false);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        SaveEnded(eventData.Context, failed: false);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => SaveEnded(eventData.Context, failed: true);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveEnded(eventData.Context, failed: true);
        return Task.CompletedTask;
    }

    private void SaveEnded(DbContext? context, bool failed)
    {
        if (context is null || !_units.TryGetValue(context, out var unit))
        {
            return;
        }

        unit.Saving = false;
        if (failed)
        {
            // Its own transaction rolled back: nothing of it stays. In the caller's, earlier saves may still commit.
            var kept = context.Database.CurrentTransaction is null ? 0 : unit.BeforeSave;
            unit.Drafts.RemoveRange(kept, unit.Drafts.Count - kept);
        }
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Write(transaction, eventData.Context, async: false, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        await Write(transaction, eventData.Context, async: true, cancellationToken);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>Tells this instance's background work that events were committed, and forgets them.</summary>
    private void Committed(DbContext? context)
    {
        if (context is not null && _units.TryGetValue(context, out var unit) && unit.Drafts.Any(d => !d.AuditOnly))
        {
            signal.Notify();
            if (metrics.ContentWrites.Enabled)
            {
                foreach (var draft in unit.Drafts.Where(d => !d.AuditOnly))
                {
                    BlogMetrics.Count(metrics.ContentWrites, "type", draft.Change.Type);
                }
            }
        }

        Forget(context);
    }

    // A rollback inside a save may be followed by the execution strategy's retry, which commits the same drafts; one
    // outside a save is the caller's, and nothing of its transaction stays.
    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => ForgetUnlessSaving(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ForgetUnlessSaving(eventData.Context);
        return Task.CompletedTask;
    }

    private void ForgetUnlessSaving(DbContext? context)
    {
        if (context is not null && _units.TryGetValue(context, out var unit) && !unit.Saving)
        {
            _units.Remove(context);
            RevisionInsert.Forget(context);
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _units.Remove(context);
            RevisionInsert.Forget(context);
        }
    }

    /// <summary>Inserts the drafts of the transaction's context, with the ids the database gave new entities.</summary>
    private async Task Write(DbTransaction transaction, DbContext? context, bool async, CancellationToken cancellationToken)
    {
        if (context is null || !_units.TryGetValue(context, out var unit) || unit.Drafts.Count == 0)
        {
            return;
        }

        // A new entity's key, as the database generated it (the entry has it before the entity does, until the save ends).
        foreach (var draft in unit.Drafts.Where(d => d.Entity is Article or Tag or ApiKey or Webhook))
        {
            draft.Change.EntityId = (int)context.Entry(draft.Entity!).Property(nameof(Article.Id)).CurrentValue!;
        }

        await TagListRefresh.WriteAsync(transaction, context, unit.Drafts, async, cancellationToken);
        var changes = unit.Drafts.Where(d => !d.AuditOnly).Select(d => d.Change).ToList();
        await ChangeInsert.SetTagsAsync(transaction, changes, async, cancellationToken);
        foreach (var chunk in changes.Chunk(ChangeInsert.MaxRowsPerCommand))
        {
            await using var command = ChangeInsert.Create(transaction, chunk);
            if (async)
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            else
            {
                command.ExecuteNonQuery();
            }
        }

        // The same commit stores a revision of every article the transaction changed.
        await RevisionInsert.WriteAsync(transaction, RevisionInsert.Of(context, unit.Drafts), async, cancellationToken);
        // And the audit log's entries: these events, and those of keys and webhooks.
        await AuditTrail.WriteAsync(transaction, unit.Drafts, async, cancellationToken);
    }

    private async Task Collect(BlogDbContext db, ChangeCollector.Reads reads)
    {
        var (now, actor) = (clock.GetUtcNow().UtcDateTime, Actor());
        var drafts = await ChangeCollector.CollectAsync(db, now, actor, reads);
        drafts.AddRange(AuditTrail.Collect(db, now, actor));
        var unit = _units.GetValue(db, _ => new Unit());
        if (db.Database.CurrentTransaction is null)
        {
            // A new unit of work: whatever an earlier, rolled-back one left is not part of it.
            unit.Drafts.Clear();
        }

        unit.BeforeSave = unit.Drafts.Count;
        unit.Saving = true;
        unit.Drafts.AddRange(drafts);
        if (drafts.Count > 0)
        {
            // Even a save of one row runs in a transaction, at whose commit the events are inserted.
            db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        }
    }

    /// <summary>
    /// The API key of the request that saves, if any; else the one the work is done for (<see cref="OnBehalfOf"/>); none
    /// for the system's own work.
    /// </summary>
    private (int? KeyId, string? Name) Actor() => ActorOf(http.HttpContext?.User) is { KeyId: not null } actor ? actor : Behalf.Value ?? (null, null);

    /// <summary>The API key <paramref name="user"/> authenticated with: its id and name; none without one.</summary>
    public static (int? KeyId, string? Name) ActorOf(ClaimsPrincipal? user) =>
        ApiKeys.KeyIdOf(user) is { } keyId ? (keyId, user!.FindFirstValue(ClaimTypes.Name)) : (null, null);
}
