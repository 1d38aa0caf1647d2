using System.Text.Json.Nodes;
using HeadlessBlog.Api.Delivery;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Slugs;
using HeadlessBlog.Data;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Tags;

public static class TagEndpoints
{
    public static RouteGroupBuilder MapTagEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/tags").WithTags("Tags").CacheOutput(ContentCachePolicy.Name);

        group.MapGet("/", ListTags).WithName(nameof(ListTags))
            .WithSummary("List tags, sorted by name (or by number of articles)");
        group.MapGet("/{id:int}", GetTag).WithName(nameof(GetTag))
            .WithSummary("Get a tag by id")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/slug/{slug}", GetTagBySlug).WithName(nameof(GetTagBySlug))
            .WithSummary("Get a tag by slug (an old slug answers 301 to the current one)")
            .Produces(StatusCodes.Status301MovedPermanently)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", CreateTag).WithName(nameof(CreateTag))
            .WithSummary("Create a tag")
            .WithRequestExample(Example)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequiresWrite();
        group.MapPut("/{id:int}", UpdateTag).WithName(nameof(UpdateTag))
            .WithSummary("Replace a tag (If-Match: its current ETag)")
            .WithRequestExample(Example)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithPreconditions()
            .RequiresWrite();
        group.MapDelete("/{id:int}", DeleteTag).WithName(nameof(DeleteTag))
            .WithSummary("Delete a tag (it is removed from its articles; If-Match: its current ETag)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithPreconditions()
            .RequiresWrite();

        return group;
    }

    /// <summary>The request body Swagger UI offers.</summary>
    private static JsonObject Example() => new()
    {
        ["name"] = "Machine Learning",
        ["description"] = "Models that learn from data.",
    };

    public static async Task<CacheableJson<PagedResponse<TagResponse>>> ListTags(
        [AsParameters] PageRequest page, [AsParameters] TagListQuery query, [AsParameters] ContentRequest request)
    {
        var items = await TagReads.ListAsync(page, query, request);
        request.Shown.TagLists().TagCounts();
        return new CacheableJson<PagedResponse<TagResponse>>(items, fields: FieldSelection.Of<TagResponse>(query.Fields));
    }

    public static async Task<Results<CacheableJson<TagResponse>, ProblemHttpResult>> GetTag(
        int id, [AsParameters] TagReadQuery query, [AsParameters] ContentRequest request)
    {
        var tag = await TagReads.ReadAsync(TagQueries.ById(request.Db, id), request);
        return tag is null ? Problems.NotFound($"Tag {id} does not exist.") : Respond(tag, query, request);
    }

    public static async Task<Results<CacheableJson<TagResponse>, RedirectHttpResult, ProblemHttpResult>> GetTagBySlug(
        string slug, [AsParameters] TagReadQuery query, [AsParameters] ContentRequest request)
    {
        // Checked before the lookup: SQL Server's = ignores trailing spaces, so "a-slug " would find "a-slug" there.
        if (!Slug.IsValid(slug))
        {
            return Problems.NotFound($"No tag has the slug '{slug}'.");
        }

        var tag = await TagReads.ReadAsync(TagQueries.BySlug(request.Db, slug), request);
        if (tag is not null)
        {
            return Respond(tag, query, request);
        }

        var current = await TagQueries.RedirectTarget(request.Db, slug).FirstOrDefaultAsync(request.Aborted);
        return current is null
            ? Problems.NotFound($"No tag has the slug '{slug}'.")
            : SlugRedirects.MovedTo(request.Http.Request, "/api/tags/slug/", current);
    }

    public static async Task<Results<Created<TagResponse>, ValidationProblem, ProblemHttpResult>> CreateTag(
        TagRequest body, TypeAdapterConfig mapping, [AsParameters] ContentRequest request)
    {
        var tag = new Tag { Name = "", NormalizedName = "", Slug = "" };
        if (await ApplyAsync(tag, body, request, mapping) is { } refused)
        {
            return refused;
        }

        await request.Db.SaveChangesAsync(request.Aborted);
        return TypedResults.Created($"/api/tags/{tag.Id}", await WrittenAsync(tag.Id, request));
    }

    public static async Task<Results<Ok<TagResponse>, ValidationProblem, ProblemHttpResult>> UpdateTag(
        int id, TagRequest body, TypeAdapterConfig mapping, [AsParameters] ContentRequest request)
    {
        var tag = await TagQueries.WithId(request.Db, id).FirstOrDefaultAsync(request.Aborted);
        if (tag is null)
        {
            return Problems.NotFound($"Tag {id} does not exist.");
        }

        if (Preconditions.Check(request.Http, tag.Version) is { } failed)
        {
            return failed;
        }

        if (await ApplyAsync(tag, body, request, mapping) is { } refused)
        {
            return refused;
        }

        if (await Preconditions.SaveAsync(request.Db, tag, id, request.Http, $"Tag {id} does not exist.", request.Aborted) is { } lostRace)
        {
            return lostRace;
        }

        return TypedResults.Ok(await WrittenAsync(id, request));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteTag(int id, [AsParameters] ContentRequest request)
    {
        var tag = await TagQueries.WithId(request.Db, id).FirstOrDefaultAsync(request.Aborted);
        if (tag is null)
        {
            return Problems.NotFound($"Tag {id} does not exist.");
        }

        if (Preconditions.Check(request.Http, tag.Version) is { } failed)
        {
            return failed;
        }

        // Deleted with the version it was read with; its assignments cascade in the database.
        request.Db.Tags.Remove(tag);
        return await Preconditions.SaveAsync(request.Db, tag, id, request.Http, $"Tag {id} does not exist.", request.Aborted) is { } lostRace
            ? lostRace
            : TypedResults.NoContent();
    }

    /// <summary>
    /// Writes the request into the tag (added to the context when new), with its slug and redirects, ready to save.
    /// Null when applied; else the 409 to answer.
    /// </summary>
    private static Task<ProblemHttpResult?> ApplyAsync(Tag tag, TagRequest body, ContentRequest request, TypeAdapterConfig mapping) =>
        ApplyAsync(tag, body, request.Db, request.UtcNow(), mapping, request.Aborted);

    /// <summary>
    /// Writes <paramref name="body"/> into <paramref name="tag"/> (added to the context when new), ready to save: the
    /// one place tag writes share, imports included. Null when applied; else the 409 to answer.
    /// </summary>
    internal static async Task<ProblemHttpResult?> ApplyAsync(
        Tag tag, TagRequest body, BlogDbContext db, DateTime now, TypeAdapterConfig mapping, CancellationToken cancellationToken)
    {
        var isNew = tag.Id == 0;
        int? exceptId = isNew ? null : tag.Id;
        var name = body.Name.Trim();
        if (await TagQueries.WithNormalizedName(db, name.ToUpperInvariant(), exceptId).AnyAsync(cancellationToken))
        {
            return Problems.Conflict($"A tag named '{name}' already exists.");
        }

        var oldSlug = isNew ? null : tag.Slug;
        if (body.Slug is not null && body.Slug != oldSlug
            && await TagQueries.WithSlug(db, body.Slug, exceptId).AnyAsync(cancellationToken))
        {
            return Problems.Conflict($"The slug '{body.Slug}' is already used by another tag.");
        }

        body.Adapt(tag, mapping);
        tag.Slug = body.Slug ?? oldSlug
            ?? await SlugRedirects.FreeSlugAsync(tag.Name, "tag", s => TagQueries.SlugsLike(db, s), [], cancellationToken);
        if (isNew)
        {
            tag.CreatedAt = tag.UpdatedAt = now;
            db.Tags.Add(tag);
        }
        else
        {
            Preconditions.Touch(db, tag, now);
        }

        if (tag.Slug != oldSlug)
        {
            // The slug now belongs to this tag, even if another tag had it before.
            await SlugRedirects.MoveAsync(
                db.TagSlugRedirects, TagQueries.RedirectsFrom(db, [tag.Slug, oldSlug ?? tag.Slug]), oldSlug, tag.Slug,
                redirect => redirect.TagId = tag.Id,
                slug => new TagSlugRedirect { Slug = slug, TagId = tag.Id },
                cancellationToken);
        }

        return null;
    }

    /// <summary>The tag as saved, with its ETag.</summary>
    private static async Task<TagResponse> WrittenAsync(int id, ContentRequest request)
    {
        var response = (await TagReads.ReadAsync(TagQueries.ById(request.Db, id), request))!;
        request.Http.Response.Headers.ETag = Preconditions.ETagOf(response.Version);
        return response;
    }

    private static CacheableJson<TagResponse> Respond(TagResponse tag, TagReadQuery query, ContentRequest request)
    {
        request.Shown.TagsShown([tag.Id]).TagCounts();
        return new CacheableJson<TagResponse>(tag, tag.Version, FieldSelection.Of<TagResponse>(query.Fields));
    }
}
