using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using HeadlessBlog.Data;
using Microsoft.AspNetCore.Mvc;

namespace HeadlessBlog.Api.Sync;

/// <summary>Who made a change: the API key's id and name.</summary>
public sealed record ChangeActor(int KeyId, string? Name);

/// <summary>One event of the change log.</summary>
/// <param name="Id">Sequence number: events are listed in this order.</param>
/// <param name="Type"><c>article.created</c>, <c>article.updated</c>, <c>article.published</c>, <c>article.unpublished</c>, <c>article.deleted</c>, <c>tag.created</c>, <c>tag.updated</c> or <c>tag.deleted</c>.</param>
/// <param name="OccurredAt">When the change was made (UTC).</param>
/// <param name="Entity"><c>article</c> or <c>tag</c>.</param>
/// <param name="EntityId">The article's or tag's id.</param>
/// <param name="Slug">Its slug after the change (before it, for a deletion).</param>
/// <param name="PreviousSlug">Its slug before the change, when the change gave it a new one.</param>
/// <param name="ChangedFields">The fields the change set, named as in the request bodies (<c>tags</c> and <c>related</c> for the lists).</param>
/// <param name="WasVisible">Whether anonymous readers could see it before the change.</param>
/// <param name="Visible">Whether anonymous readers can see it after the change.</param>
/// <param name="Actor">The API key that made the change; null for the system's own work (a scheduled publication).</param>
/// <param name="Tags">For an article: the slugs of its tags after the change, in order (none once deleted); null for a tag.</param>
/// <param name="PreviousTags">For an article: the slugs of its tags before the change; null for a tag.</param>
public sealed record ChangeEvent(
    long Id,
    string Type,
    DateTime OccurredAt,
    string Entity,
    int EntityId,
    string Slug,
    string? PreviousSlug,
    IReadOnlyList<string> ChangedFields,
    bool WasVisible,
    bool Visible,
    ChangeActor? Actor,
    IReadOnlyList<string>? Tags,
    IReadOnlyList<string>? PreviousTags)
{
    public static ChangeEvent From(ContentChange change) => new(
        change.Id,
        change.Type,
        change.OccurredAt,
        change.Entity,
        change.EntityId,
        change.Slug,
        change.PreviousSlug,
        change.ChangedFields.Split(',', StringSplitOptions.RemoveEmptyEntries),
        change.WasVisible,
        change.Visible,
        change.ActorKeyId is { } keyId ? new ChangeActor(keyId, change.ActorName) : null,
        change.Tags?.Split(',', StringSplitOptions.RemoveEmptyEntries),
        change.PreviousTags?.Split(',', StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>A page of the change log.</summary>
/// <param name="Items">Events, oldest first.</param>
/// <param name="Last">The id of the last event listed (or the <c>after</c> asked for, when none): the next <c>after</c>.</param>
/// <param name="HasMore">Whether more events were there to list at once.</param>
public sealed record ChangePage(IReadOnlyList<ChangeEvent> Items, long Last, bool HasMore);

/// <summary>Query of the change log.</summary>
public sealed record ChangesQuery
{
    /// <summary>List the events after this id (0: from the oldest kept).</summary>
    [FromQuery(Name = "after")]
    [Range(0, int.MaxValue)]
    [DefaultValue(0)]
    public long? After { get; init; }

    /// <summary>Events per page, 1–500 (default 100).</summary>
    [FromQuery(Name = "limit")]
    [Range(1, 500)]
    [DefaultValue(100)]
    public int? Limit { get; init; }
}
