using HeadlessBlog.Api.Infrastructure;
using HeadlessBlog.Data;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Tags;

public static class TagEndpoints
{
    public static RouteGroupBuilder MapTagEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/tags").WithTags("Tags");

        group.MapGet("/", ListTags).WithName(nameof(ListTags))
            .WithSummary("List tags, sorted by name");
        group.MapGet("/{id:int}", GetTag).WithName(nameof(GetTag))
            .WithSummary("Get a tag by id")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/slug/{slug}", GetTagBySlug).WithName(nameof(GetTagBySlug))
            .WithSummary("Get a tag by slug")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", CreateTag).WithName(nameof(CreateTag))
            .WithSummary("Create a tag")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{id:int}", UpdateTag).WithName(nameof(UpdateTag))
            .WithSummary("Replace a tag")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{id:int}", DeleteTag).WithName(nameof(DeleteTag))
            .WithSummary("Delete a tag (it is removed from its articles)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    public static async Task<Ok<PagedResponse<TagResponse>>> ListTags(
        [AsParameters] TagListQuery query, BlogDbContext db, TypeAdapterConfig mapping, CancellationToken cancellationToken)
    {
        var page = await TagQueries.List(db, query, mapping).ToPageAsync(query, cancellationToken);
        return TypedResults.Ok(page);
    }

    public static async Task<Results<Ok<TagResponse>, ProblemHttpResult>> GetTag(
        int id, BlogDbContext db, TypeAdapterConfig mapping, CancellationToken cancellationToken)
    {
        var tag = await TagQueries.ById(db, id, mapping).FirstOrDefaultAsync(cancellationToken);
        return tag is null ? Problems.NotFound($"Tag {id} does not exist.") : TypedResults.Ok(tag);
    }

    public static async Task<Results<Ok<TagResponse>, ProblemHttpResult>> GetTagBySlug(
        string slug, BlogDbContext db, TypeAdapterConfig mapping, CancellationToken cancellationToken)
    {
        var tag = await TagQueries.BySlug(db, slug, mapping).FirstOrDefaultAsync(cancellationToken);
        return tag is null ? Problems.NotFound($"No tag has the slug '{slug}'.") : TypedResults.Ok(tag);
    }

    public static async Task<Results<Created<TagResponse>, ValidationProblem, ProblemHttpResult>> CreateTag(
        TagRequest request, BlogDbContext db, TypeAdapterConfig mapping, TimeProvider clock, CancellationToken cancellationToken)
    {
        var tag = request.Adapt<Tag>(mapping);
        if (await NameTakenAsync(db, tag.NormalizedName, exceptId: null, cancellationToken))
        {
            return Problems.Conflict($"A tag named '{tag.Name}' already exists.");
        }

        if (request.Slug is not null)
        {
            if (await TagQueries.WithSlug(db, request.Slug, exceptId: null).AnyAsync(cancellationToken))
            {
                return Problems.Conflict($"The slug '{request.Slug}' is already used by another tag.");
            }

            tag.Slug = request.Slug;
        }
        else
        {
            tag.Slug = await FreeSlugAsync(db, tag.Name, [], cancellationToken);
        }

        tag.CreatedAt = tag.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        db.Tags.Add(tag);
        await db.SaveChangesAsync(cancellationToken);

        var response = await ProjectAsync(db, tag.Id, mapping, cancellationToken);
        return TypedResults.Created($"/api/tags/{tag.Id}", response);
    }

    public static async Task<Results<Ok<TagResponse>, ValidationProblem, ProblemHttpResult>> UpdateTag(
        int id, TagRequest request, BlogDbContext db, TypeAdapterConfig mapping, TimeProvider clock, CancellationToken cancellationToken)
    {
        var tag = await TagQueries.WithId(db, id).FirstOrDefaultAsync(cancellationToken);
        if (tag is null)
        {
            return Problems.NotFound($"Tag {id} does not exist.");
        }

        var normalizedName = request.Name.Trim().ToUpperInvariant();
        if (await NameTakenAsync(db, normalizedName, exceptId: id, cancellationToken))
        {
            return Problems.Conflict($"A tag named '{request.Name.Trim()}' already exists.");
        }

        if (request.Slug is not null && request.Slug != tag.Slug
            && await TagQueries.WithSlug(db, request.Slug, exceptId: id).AnyAsync(cancellationToken))
        {
            return Problems.Conflict($"The slug '{request.Slug}' is already used by another tag.");
        }

        var slug = request.Slug ?? tag.Slug;
        request.Adapt(tag, mapping);
        tag.Slug = slug;
        tag.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);

        return TypedResults.Ok(await ProjectAsync(db, id, mapping, cancellationToken));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteTag(
        int id, BlogDbContext db, CancellationToken cancellationToken)
    {
        var deleted = await TagQueries.WithId(db, id).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? Problems.NotFound($"Tag {id} does not exist.") : TypedResults.NoContent();
    }

    private static Task<bool> NameTakenAsync(BlogDbContext db, string normalizedName, int? exceptId, CancellationToken cancellationToken) =>
        TagQueries.WithNormalizedName(db, normalizedName, exceptId).AnyAsync(cancellationToken);

    private static async Task<TagResponse> ProjectAsync(BlogDbContext db, int id, TypeAdapterConfig mapping, CancellationToken cancellationToken) =>
        await TagQueries.ById(db, id, mapping).SingleAsync(cancellationToken);

    /// <summary>A slug generated from <paramref name="name"/> that no stored tag and none of <paramref name="reserved"/> uses.</summary>
    public static async Task<string> FreeSlugAsync(
        BlogDbContext db, string name, IReadOnlyCollection<string> reserved, CancellationToken cancellationToken)
    {
        var baseSlug = Slugs.From(name, fallback: "tag");
        var taken = await TagQueries.SlugsLike(db, baseSlug).ToListAsync(cancellationToken);
        return Slugs.FirstFree(baseSlug, taken.Concat(reserved).ToHashSet(StringComparer.Ordinal));
    }
}
