using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Audit;

/// <summary>
/// The audit log: who changed which article, tag, webhook or key, when, and which fields — kept longer than the change
/// log (<c>Audit:RetentionDays</c>). Recorded by the change log's interceptor in the commit of every write.
/// </summary>
public static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/audit").WithTags("Audit");
        group.MapGet("/", ListAuditEntries).WithName(nameof(ListAuditEntries))
            .WithSummary("The audit log, newest first, filtered by actor, entity, type and time (a key with audit:read, which no other scope implies)")
            .RequiresAuditRead();
        return group;
    }

    public static async Task<PagedResponse<AuditEntryResponse>> ListAuditEntries(
        [AsParameters] PageRequest page, [AsParameters] AuditQuery query, BlogDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        // Every key's doings: kept by no cache on the way.
        http.Response.Headers.CacheControl = "no-store";
        var entries = await Filtered(db.AuditEntries.AsNoTracking(), query)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .ToPageAsync(page, cancellationToken);
        return new PagedResponse<AuditEntryResponse>(
            [.. entries.Items.Select(ToResponse)], entries.Page, entries.PageSize, entries.TotalItems, entries.TotalPages);
    }

    private static IQueryable<AuditEntry> Filtered(IQueryable<AuditEntry> entries, AuditQuery query)
    {
        if (query.Actor is { } actor)
        {
            entries = entries.Where(e => e.ActorKeyId == actor);
        }

        if (query.Entity is { } entity)
        {
            entries = entries.Where(e => e.Entity == entity);
        }

        if (query.EntityId is { } entityId)
        {
            entries = entries.Where(e => e.EntityId == entityId);
        }

        if (query.Type is { } type)
        {
            entries = entries.Where(e => e.Type == type);
        }

        if (AuditTimes.Parse(query.From, end: false) is { } from)
        {
            entries = entries.Where(e => e.OccurredAt >= from);
        }

        if (AuditTimes.Parse(query.To, end: true) is { } to)
        {
            entries = entries.Where(e => e.OccurredAt <= to);
        }

        return entries;
    }

    private static AuditEntryResponse ToResponse(AuditEntry entry) => new(
        entry.Id,
        entry.OccurredAt,
        entry.Type,
        entry.Entity,
        entry.EntityId,
        entry.ActorKeyId is { } keyId ? new AuditActor(keyId, entry.ActorName) : null,
        entry.ChangedFields.Split(',', StringSplitOptions.RemoveEmptyEntries));
}
