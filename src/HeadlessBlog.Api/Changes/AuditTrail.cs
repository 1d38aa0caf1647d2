using System.Data.Common;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace HeadlessBlog.Api.Changes;

/// <summary>The audit log's entities and the event types it has beyond the change log's.</summary>
public static class AuditTypes
{
    public const string KeyEntity = "key";
    public const string WebhookEntity = "webhook";

    public const string KeyCreated = "key.created";
    public const string KeyRevoked = "key.revoked";
    public const string WebhookCreated = "webhook.created";
    public const string WebhookUpdated = "webhook.updated";
    public const string WebhookDeleted = "webhook.deleted";

    public static readonly string[] Entities = [ChangeTypes.ArticleEntity, ChangeTypes.TagEntity, WebhookEntity, KeyEntity];

    public static readonly string[] All =
        [.. ChangeTypes.All, KeyCreated, KeyRevoked, WebhookCreated, WebhookUpdated, WebhookDeleted];
}

/// <summary>Audit-log settings (section <c>Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>Entries older than this are pruned; 0 keeps them whatever their age.</summary>
    public int RetentionDays { get; set; } = 365;
}

/// <summary>
/// The audit log (<see cref="AuditEntry"/>): who changed what, when, and which fields. <see cref="ChangeLog"/> keeps it
/// with the change log, in the same commit: every event of the change log is copied, and the saves of API keys and
/// webhooks — which readers, the sync feed and webhooks never see — add events of their own (<see cref="Collect"/>).
/// Entries name fields, never values: no key's or webhook's secret reaches them.
/// </summary>
internal static class AuditTrail
{
    /// <summary>Rows per command: 7 parameters a row, and SQL Server takes at most 2,100.</summary>
    private const int MaxRowsPerCommand = 250;

    private const string Columns = "Type, OccurredAt, Entity, EntityId, ChangedFields, ActorKeyId, ActorName";

    private static readonly (string Property, string Field)[] WebhookFields =
    [
        (nameof(Webhook.Url), "url"), (nameof(Webhook.Events), "events"), (nameof(Webhook.Description), "description"),
        (nameof(Webhook.Enabled), "enabled"), (nameof(Webhook.Format), "format"), (nameof(Webhook.PublicOnly), "publicOnly"),
        (nameof(Webhook.Secret), "secret"),
    ];

    private static readonly (string Property, string Field)[] KeyFields = [(nameof(ApiKey.Name), "name"), (nameof(ApiKey.Scopes), "scopes")];

    /// <summary>
    /// The audit-only events of the save about to run: keys created or revoked, webhooks created, changed or deleted,
    /// and change-log events the save inserts itself (the scheduler's publications), which <see cref="ChangeLog"/> does
    /// not see as drafts. A key's last use and a webhook's delivery bookkeeping are not events.
    /// </summary>
    public static List<ChangeDraft> Collect(DbContext db, DateTime now, (int? KeyId, string? Name) actor)
    {
        var drafts = new List<ChangeDraft>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            switch (entry.Entity)
            {
                case ApiKey key when entry.State == EntityState.Added:
                    drafts.Add(Draft(key, AuditTypes.KeyEntity, AuditTypes.KeyCreated, ChangedFields.Of(entry, KeyFields), now, actor));
                    break;
                case ApiKey key when entry.State == EntityState.Modified && IsRevoked(entry):
                    drafts.Add(Draft(key, AuditTypes.KeyEntity, AuditTypes.KeyRevoked, ["revokedAt"], now, actor));
                    break;
                case Webhook webhook when WebhookType(entry) is { } type:
                    drafts.Add(Draft(webhook, AuditTypes.WebhookEntity, type, ChangedFields.Of(entry, WebhookFields), now, actor));
                    break;
                case ContentChange change when entry.State == EntityState.Added:
                    drafts.Add(new ChangeDraft(null, change, AuditOnly: true));
                    break;
            }
        }

        return drafts;
    }

    private static bool IsRevoked(EntityEntry entry)
    {
        var revokedAt = entry.Property(nameof(ApiKey.RevokedAt));
        return revokedAt.OriginalValue is null && revokedAt.CurrentValue is not null;
    }

    private static string? WebhookType(EntityEntry entry) => entry.State switch
    {
        EntityState.Added => AuditTypes.WebhookCreated,
        EntityState.Deleted => AuditTypes.WebhookDeleted,
        EntityState.Modified when ChangedFields.Of(entry, WebhookFields).Any() => AuditTypes.WebhookUpdated,
        _ => null,
    };

    private static ChangeDraft Draft(
        object entity, string kind, string type, IEnumerable<string> fields, DateTime now, (int? KeyId, string? Name) actor) =>
        new(entity, new ContentChange
        {
            Type = type,
            OccurredAt = now,
            Entity = kind,
            Slug = "",
            ChangedFields = string.Join(',', fields),
            ActorKeyId = actor.KeyId,
            ActorName = actor.Name,
        }, AuditOnly: true);

    /// <summary>Inserts an entry for each of the committing transaction's events (their entity ids known by then).</summary>
    public static async Task WriteAsync(DbTransaction transaction, IEnumerable<ChangeDraft> drafts, bool async, CancellationToken cancellationToken)
    {
        foreach (var chunk in drafts.Select(d => d.Change).Chunk(MaxRowsPerCommand))
        {
            await using var command = ChangeInsert.CreateInsert(transaction, "AuditEntries", Columns, [
                .. chunk.Select(c => new object?[] { c.Type, c.OccurredAt, c.Entity, c.EntityId, c.ChangedFields, c.ActorKeyId, c.ActorName }),
            ]);
            if (async)
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            else
            {
                command.ExecuteNonQuery();
            }
        }
    }

    /// <summary>Prunes entries older than <see cref="AuditOptions.RetentionDays"/> (run by <see cref="ChangeWorker"/>); returns how many.</summary>
    public static Task<int> PruneAsync(BlogDbContext db, AuditOptions options, DateTime now, CancellationToken cancellationToken)
    {
        if (options.RetentionDays <= 0)
        {
            return Task.FromResult(0);
        }

        var cutoff = now.AddDays(-options.RetentionDays);
        return db.AuditEntries.Where(e => e.OccurredAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
