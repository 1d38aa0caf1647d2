using System.ComponentModel.DataAnnotations;
using System.Globalization;
using FluentValidation;
using HeadlessBlog.Api.Changes;
using Microsoft.AspNetCore.Mvc;

namespace HeadlessBlog.Api.Audit;

/// <summary>Who made a change: the API key's id and name.</summary>
public sealed record AuditActor(int KeyId, string? Name);

/// <summary>One entry of the audit log.</summary>
/// <param name="Id">The entry's id.</param>
/// <param name="OccurredAt">When the change was made (UTC).</param>
/// <param name="Type">A change-log type (<c>article.created</c>, <c>article.updated</c>, <c>article.published</c>, <c>article.unpublished</c>, <c>article.deleted</c>, <c>tag.created</c>, <c>tag.updated</c>, <c>tag.deleted</c>), <c>key.created</c>, <c>key.revoked</c>, <c>webhook.created</c>, <c>webhook.updated</c> or <c>webhook.deleted</c>.</param>
/// <param name="Entity"><c>article</c>, <c>tag</c>, <c>webhook</c> or <c>key</c>.</param>
/// <param name="EntityId">The entity's id.</param>
/// <param name="Actor">The API key that made the change; null for the <c>keys</c> command line and the system's own work (a scheduled publication, a webhook disabled after failing).</param>
/// <param name="ChangedFields">The names of the fields the change set, as in the request bodies (never their values).</param>
public sealed record AuditEntryResponse(
    long Id, DateTime OccurredAt, string Type, string Entity, int EntityId, AuditActor? Actor, IReadOnlyList<string> ChangedFields);

/// <summary>Filters of the audit log; all optional, combined with "and".</summary>
public sealed record AuditQuery
{
    /// <summary>Only changes made with this API key (its id).</summary>
    [FromQuery(Name = "actor")]
    [Range(1, int.MaxValue)]
    public int? Actor { get; init; }

    /// <summary>Only changes of this kind of entity: <c>article</c>, <c>tag</c>, <c>webhook</c> or <c>key</c>.</summary>
    [FromQuery(Name = "entity")]
    public string? Entity { get; init; }

    /// <summary>Only changes of the entity with this id (with <c>entity</c>, of that kind only).</summary>
    [FromQuery(Name = "entityId")]
    [Range(1, int.MaxValue)]
    public int? EntityId { get; init; }

    /// <summary>Only events of this type, e.g. <c>article.updated</c> or <c>key.revoked</c>.</summary>
    [FromQuery(Name = "type")]
    public string? Type { get; init; }

    /// <summary>Only changes at or after this time: a date (<c>2026-01-31</c>, from its start, UTC) or a date-time with its offset (<c>2026-01-31T12:00:00Z</c>).</summary>
    [FromQuery(Name = "from")]
    public string? From { get; init; }

    /// <summary>Only changes at or before this time: a date (<c>2026-01-31</c>, the whole day, UTC) or a date-time with its offset.</summary>
    [FromQuery(Name = "to")]
    public string? To { get; init; }
}

/// <summary>How <c>from</c> and <c>to</c> are read.</summary>
public static class AuditTimes
{
    private static readonly string[] DateTimeFormats =
        ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz"];

    /// <summary>
    /// The UTC instant a bound means, or null when it is neither a date nor a date-time with an offset. A date starts
    /// a <c>from</c> at its midnight and ends a <c>to</c> at its last moment.
    /// </summary>
    public static DateTime? Parse(string? value, bool end)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var start = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            return end ? date.ToDateTime(TimeOnly.MaxValue, DateTimeKind.Utc) : start;
        }

        return DateTimeOffset.TryParseExact(
            value, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant.UtcDateTime
            : null;
    }
}

public sealed class AuditQueryValidator : AbstractValidator<AuditQuery>
{
    private const string TimeFormat = "must be a date like 2026-01-31 or a date-time with its offset like 2026-01-31T12:00:00Z.";

    public AuditQueryValidator()
    {
        RuleFor(q => q.Entity)
            .Must(e => e is null || AuditTypes.Entities.Contains(e))
            .WithMessage($"'entity' must be one of {string.Join(", ", AuditTypes.Entities)}.");
        RuleFor(q => q.Type)
            .Must(t => t is null || AuditTypes.All.Contains(t))
            .WithMessage($"'type' must be one of {string.Join(", ", AuditTypes.All)}.");
        RuleFor(q => q.From)
            .Must(f => f is null || AuditTimes.Parse(f, end: false) is not null).WithMessage($"'from' {TimeFormat}")
            .Must((q, f) => !(AuditTimes.Parse(f, end: false) > AuditTimes.Parse(q.To, end: true)))
            .WithMessage("'from' must not be after 'to'.");
        RuleFor(q => q.To)
            .Must(t => t is null || AuditTimes.Parse(t, end: true) is not null).WithMessage($"'to' {TimeFormat}");
    }
}
