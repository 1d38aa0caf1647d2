using HeadlessBlog.Api.Changes;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace HeadlessBlog.Api.Sync;

/// <summary>Sync for static builds and offline apps: an initial sync of everything, then only what changed.</summary>
public static class SyncEndpoints
{
    public static RouteGroupBuilder MapSyncEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/sync").WithTags("Sync and changes");
        group.MapGet("/", Sync).WithName(nameof(Sync)).AcceptsReadKey()
            .WithSummary("Sync: without a token every visible article and tag; with one, what changed since (a key with content:read also syncs drafts)")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status410Gone);
        return group;
    }

    public static async Task<Results<Ok<SyncPage>, ValidationProblem, ProblemHttpResult, ChallengeHttpResult>> Sync(
        [AsParameters] SyncQuery query, IOptions<ChangeOptions> options, [AsParameters] ContentRequest request)
    {
        var settings = options.Value;
        var now = request.UtcNow();
        var gap = TimeSpan.FromSeconds(settings.GapSeconds);
        var editor = request.Http.User.CanRead();
        SyncToken token;
        if (query.Token is null)
        {
            token = new SyncToken(editor, true, await ChangeFeed.HeadAsync(request.Db, now, gap, request.Aborted), SyncKinds.Article, 0, now);
        }
        else if (SyncToken.Decode(query.Token) is not { } decoded)
        {
            return Problems.Invalid("token", "'token' is not a sync token of this API: start an initial sync without one.");
        }
        else if (decoded.Editor && !editor)
        {
            // A token of the editor view lists drafts: never without a key that may read them.
            return TypedResults.Challenge();
        }
        else if (decoded.IssuedAt < now.AddDays(-settings.RetentionDays))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status410Gone,
                title: "Gone",
                detail: $"The token is older than the change log's retention ({settings.RetentionDays} days): start a new initial sync without a token.");
        }
        else
        {
            token = decoded;
        }

        var limit = query.Limit ?? 100;
        return TypedResults.Ok(token.Initial
            ? await SyncReads.InitialAsync(token, limit, query.Formats, gap, request)
            : await SyncReads.DeltaAsync(token, limit, query.Formats, gap, request));
    }
}
