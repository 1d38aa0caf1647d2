namespace HeadlessBlog.Data;

/// <summary>
/// One entry of the audit log: who did what to which entity, and which fields it set — never their values (so never a
/// key's or a webhook's secret). Written in the same transaction as the write it records; kept longer than the change
/// log, whose content events it copies, and holding the key and webhook events the change log does not carry.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime OccurredAt { get; set; }

    /// <summary>A change-log type (<c>article.updated</c>, …), <c>key.created</c>, <c>key.revoked</c> or <c>webhook.created|updated|deleted</c>.</summary>
    public required string Type { get; set; }

    /// <summary><c>article</c>, <c>tag</c>, <c>webhook</c> or <c>key</c>.</summary>
    public required string Entity { get; set; }

    public int EntityId { get; set; }

    /// <summary>Comma-separated camelCase names of the fields the write set.</summary>
    public string ChangedFields { get; set; } = "";

    /// <summary>The API key that made the change; null for the command line and the system's own work.</summary>
    public int? ActorKeyId { get; set; }

    public string? ActorName { get; set; }
}
