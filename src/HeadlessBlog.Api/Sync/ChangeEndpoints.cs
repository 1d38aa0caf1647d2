using HeadlessBlog.Api.Changes;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Security;
using Microsoft.Extensions.Options;

namespace HeadlessBlog.Api.Sync;

/// <summary>The raw change log, for tools and auditing.</summary>
public static class ChangeEndpoints
{
    public static RouteGroupBuilder MapChangeEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/changes").WithTags("Sync and changes");
        group.MapGet("/", ListChanges).WithName(nameof(ListChanges))
            .WithSummary("The change log: every write's events, oldest first (a key with content:read)")
            .RequiresRead();
        return group;
    }

    public static async Task<ChangePage> ListChanges(
        [AsParameters] ChangesQuery query, IOptions<ChangeOptions> options, [AsParameters] ContentRequest request)
    {
        var after = query.After ?? 0;
        var limit = query.Limit ?? 100;
        var rows = await ChangeFeed.ReadAsync(
            request.Db, after, limit + 1, request.UtcNow(), TimeSpan.FromSeconds(options.Value.GapSeconds), request.Aborted);
        var items = rows.Take(limit).Select(ChangeEvent.From).ToList();
        return new ChangePage(items, items.Count > 0 ? items[^1].Id : after, rows.Count > limit);
    }
}
