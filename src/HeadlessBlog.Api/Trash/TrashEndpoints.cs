using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Changes;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Revisions;
using HeadlessBlog.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace HeadlessBlog.Api.Trash;

/// <summary>
/// The trash: articles deleted without <c>?permanent=true</c>, invisible everywhere until restored or purged (by hand,
/// or <c>Trash:RetentionDays</c> after their move).
/// </summary>
public static class TrashEndpoints
{
    public static RouteGroupBuilder MapTrashEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/trash").WithTags("Trash");
        group.MapGet("/", ListTrash).WithName(nameof(ListTrash))
            .WithSummary("List the articles in the trash, most recently deleted first (a key with content:read)")
            .RequiresRead();
        group.MapPost("/{id:int}/restore", RestoreFromTrash).WithName(nameof(RestoreFromTrash))
            .WithSummary("Restore an article from the trash as it was, with its tags and its links from and to articles that still exist")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequiresWrite();
        group.MapDelete("/{id:int}", PurgeFromTrash).WithName(nameof(PurgeFromTrash))
            .WithSummary("Delete an article in the trash for good, with its revisions and preview links")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequiresWrite();
        return group;
    }

    public static async Task<Ok<PagedResponse<TrashedArticle>>> ListTrash(
        [AsParameters] PageRequest page, IOptions<TrashOptions> options, [AsParameters] ContentRequest request)
    {
        var rows = await TrashRetention.InTrash(request.Db)
            .OrderByDescending(a => a.DeletedAt).ThenByDescending(a => a.Id)
            .Select(a => new { a.Id, a.Slug, a.Title, DeletedAt = a.DeletedAt!.Value, a.DeletedByKeyId, a.DeletedByName })
            .ToPageAsync(page, request.Aborted);
        var trash = options.Value;
        return TypedResults.Ok(new PagedResponse<TrashedArticle>(
            [.. rows.Items.Select(r => new TrashedArticle(
                r.Id, r.Slug, r.Title, r.DeletedAt, new RevisionActor(r.DeletedByKeyId, r.DeletedByName), trash.PurgeAt(r.DeletedAt)))],
            rows.Page, rows.PageSize, rows.TotalItems, rows.TotalPages));
    }

    public static async Task<Results<Ok<ArticleResponse>, ProblemHttpResult>> RestoreFromTrash(int id, [AsParameters] ContentRequest request)
    {
        if (await TrashBin.RestoreAsync(request.Db, id, request.UtcNow(), request.Aborted) is ProblemHttpResult refused)
        {
            return refused;
        }

        var response = await ArticleReads.ProjectAsync(request, id);
        request.Http.Response.Headers.ETag = Preconditions.ETagOf(response.Version);
        return TypedResults.Ok(response);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> PurgeFromTrash(int id, [AsParameters] ContentRequest request) =>
        await TrashRetention.PurgeAsync(request.Db, a => a.Id == id, request.Aborted) == 0
            ? TrashBin.NotInTrash(id)
            : TypedResults.NoContent();
}
