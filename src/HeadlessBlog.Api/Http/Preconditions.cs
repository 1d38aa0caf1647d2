using HeadlessBlog.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace HeadlessBlog.Api.Http;

/// <summary>
/// Lost-update protection: a change needs <c>If-Match</c> with the resource's current ETag (which carries its version).
/// Missing → 428; stale → 412 with the current version.
/// </summary>
public static class Preconditions
{
    /// <summary>Documents the lost-update protection of a change: 412 for a stale If-Match, 428 without one.</summary>
    public static RouteHandlerBuilder WithPreconditions(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

    public static string VersionOf(byte[] version) => Convert.ToHexStringLower(version);

    /// <summary>The ETag of a whole resource: its version.</summary>
    public static string ETagOf(byte[] version) => ETagOf(VersionOf(version));

    /// <summary>The ETag of a whole resource from the <c>version</c> of its response.</summary>
    public static string ETagOf(string version) => "\"" + version + "\"";

    /// <summary>Null when <c>If-Match</c> names <paramref name="current"/>; otherwise the 428 or 412 to answer.</summary>
    public static ProblemHttpResult? Check(HttpContext http, byte[] current)
    {
        var header = http.Request.Headers.IfMatch;
        if (header.Count == 0 || string.IsNullOrWhiteSpace(header.ToString()))
        {
            return TypedResults.Problem(
                detail: $"Changes need an If-Match header with the resource's current ETag (its version \"{VersionOf(current)}\"), so that no edit is lost.",
                statusCode: StatusCodes.Status428PreconditionRequired,
                title: "Precondition Required",
                extensions: new Dictionary<string, object?> { ["currentVersion"] = VersionOf(current) });
        }

        var version = VersionOf(current);
        if (EntityTagHeaderValue.TryParseList(header, out var tags)
            && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || (!t.IsWeak && VersionIn(t) == version)))
        {
            return null;
        }

        return Stale(http, current);
    }

    /// <summary>412: the resource changed since the client read it.</summary>
    public static ProblemHttpResult Stale(HttpContext http, byte[] current)
    {
        http.Response.Headers.ETag = ETagOf(current);
        return TypedResults.Problem(
            detail: $"The resource was changed by someone else: its current version is \"{VersionOf(current)}\". Read it again, reapply your change and retry with the new ETag.",
            statusCode: StatusCodes.Status412PreconditionFailed,
            title: "Precondition Failed",
            extensions: new Dictionary<string, object?> { ["currentVersion"] = VersionOf(current) });
    }

    /// <summary>The version an ETag carries: <c>"v"</c> (write responses) or <c>"v-hash"</c> (GET representations).</summary>
    private static string VersionIn(EntityTagHeaderValue tag)
    {
        var value = tag.Tag.Value?.Trim('"') ?? "";
        var dash = value.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? value : value[..dash];
    }

    /// <summary>Marks an article or tag as changed, so that its version changes and the save checks the version it was read with.</summary>
    public static void Touch<T>(BlogDbContext db, T entity, DateTime now)
        where T : class, IVersioned
    {
        var entry = db.Entry(entity);
        entry.Property(nameof(Article.UpdatedAt)).CurrentValue = now;
        entry.Property(nameof(Article.UpdatedAt)).IsModified = true;
    }

    /// <summary>
    /// Saves a change to the row <paramref name="id"/> of <typeparamref name="T"/> read with the client's version. Null when saved;
    /// the 412 (or 404 when the row is gone) to answer when another request saved it in between.
    /// </summary>
    public static async Task<ProblemHttpResult?> SaveAsync<T>(
        BlogDbContext db, T entity, int id, HttpContext http, string notFoundDetail, CancellationToken cancellationToken)
        where T : class, IVersioned
    {
        var readVersion = (byte[])db.Entry(entity).Property(nameof(IVersioned.Version)).OriginalValue!;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return await LostRaceAsync<T>(db, id, http, notFoundDetail, cancellationToken);
        }
        catch (DbUpdateException exception) when (DbErrors.IsUniqueViolation(exception))
        {
            // A unique value (a slug redirect, say) collided with what a concurrent save of the same row wrote:
            // that save is the real conflict, so answer as for a lost race; otherwise it is a genuine 409.
            var current = await db.Set<T>().Where(e => EF.Property<int>(e, "Id") == id).Select(e => e.Version)
                .FirstOrDefaultAsync(cancellationToken);
            if (current is null || !current.AsSpan().SequenceEqual(readVersion))
            {
                return current is null ? Problems.NotFound(notFoundDetail) : Stale(http, current);
            }

            throw;
        }
    }

    /// <summary>The answer when the row changed (412 with its current version) or went away (404) since it was read.</summary>
    public static async Task<ProblemHttpResult> LostRaceAsync<T>(
        BlogDbContext db, int id, HttpContext http, string notFoundDetail, CancellationToken cancellationToken)
        where T : class, IVersioned
    {
        var current = await db.Set<T>().Where(e => EF.Property<int>(e, "Id") == id).Select(e => e.Version)
            .FirstOrDefaultAsync(cancellationToken);
        return current is null ? Problems.NotFound(notFoundDetail) : Stale(http, current);
    }
}
