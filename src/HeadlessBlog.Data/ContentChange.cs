namespace HeadlessBlog.Data;

/// <summary>
/// One event of the change log: written in the same transaction as the change it records, numbered by
/// <see cref="Id"/> in insert order (on SQL Server not always commit order: readers hold back at gaps).
/// </summary>
public sealed class ContentChange
{
    public long Id { get; set; }

    /// <summary><c>article.created</c>, <c>article.updated</c>, <c>article.published</c>, … (see the API's ChangeTypes).</summary>
    public required string Type { get; set; }

    public DateTime OccurredAt { get; set; }

    /// <summary><c>article</c> or <c>tag</c>.</summary>
    public required string Entity { get; set; }

    public int EntityId { get; set; }

    /// <summary>The entity's slug after the change (before it, for a deletion).</summary>
    public required string Slug { get; set; }

    /// <summary>The slug before the change, when the change gave it a new one.</summary>
    public string? PreviousSlug { get; set; }

    /// <summary>Comma-separated camelCase names of the fields the change set, as in the request bodies.</summary>
    public string ChangedFields { get; set; } = "";

    /// <summary>Whether anonymous readers could see the entity before the change (tags: always, while they exist).</summary>
    public bool WasVisible { get; set; }

    /// <summary>Whether anonymous readers can see the entity after the change.</summary>
    public bool Visible { get; set; }

    /// <summary>
    /// When the change left a scheduled article (published, with a publication time still to come): that time. The
    /// scheduler records <c>article.published</c> once it has passed, unless a later event of the article came first.
    /// </summary>
    public DateTime? VisibleFrom { get; set; }

    /// <summary>
    /// For a scheduled publication: the id of the event whose <see cref="VisibleFrom"/> it fulfils. Unique, so that of
    /// several instances recording it at the same moment only one succeeds.
    /// </summary>
    public long? Fulfils { get; set; }

    /// <summary>For an article: the slugs of its tags after the change, comma-separated, in order (empty once deleted).</summary>
    public string? Tags { get; set; }

    /// <summary>For an article: the slugs of its tags before the change (empty for a new one).</summary>
    public string? PreviousTags { get; set; }

    /// <summary>The API key that made the change; null for the system's own work (a scheduled publication).</summary>
    public int? ActorKeyId { get; set; }

    public string? ActorName { get; set; }
}
