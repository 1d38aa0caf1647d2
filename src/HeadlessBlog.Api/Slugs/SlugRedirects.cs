using HeadlessBlog.Api.Telemetry;
using HeadlessBlog.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Slugs;

/// <summary>
/// Old slugs keep working, for articles and tags alike: each points at the article or tag that had it, a slug taken
/// again belongs to its new owner, and a read of an old slug answers 301 to the current one.
/// </summary>
public static class SlugRedirects
{
    /// <summary>
    /// Records that an owner moved from <paramref name="oldSlug"/> (null: a new owner) to <paramref name="newSlug"/>
    /// (saved with the owner): the new slug stops redirecting (it is taken now); the old one points at the owner.
    /// </summary>
    /// <param name="redirects">The redirects of the owner's kind.</param>
    /// <param name="existing">Those of them with either slug.</param>
    /// <param name="oldSlug">The owner's slug before, if it had one.</param>
    /// <param name="newSlug">The owner's slug now.</param>
    /// <param name="pointAtOwner">Points an existing redirect at the owner.</param>
    /// <param name="create">A new redirect of a slug to the owner.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task MoveAsync<T>(
        DbSet<T> redirects, IQueryable<T> existing, string? oldSlug, string newSlug, Action<T> pointAtOwner,
        Func<string, T> create, CancellationToken cancellationToken)
        where T : class, ISlugRedirect
    {
        var found = await existing.ToListAsync(cancellationToken);
        redirects.RemoveRange(found.Where(r => r.Slug == newSlug));
        if (oldSlug is null || oldSlug == newSlug)
        {
            return;
        }

        if (found.FirstOrDefault(r => r.Slug == oldSlug) is { } redirect)
        {
            pointAtOwner(redirect);
        }
        else
        {
            redirects.Add(create(oldSlug));
        }
    }

    /// <summary>301 to the same endpoint under the current slug, keeping the query string.</summary>
    public static RedirectHttpResult MovedTo(HttpRequest request, string basePath, string slug, string suffix = "")
    {
        BlogMetrics.Count(
            request.HttpContext.RequestServices.GetRequiredService<BlogMetrics>().SlugRedirects, "endpoint", BlogMetrics.EndpointOf(request.HttpContext));

        return TypedResults.Redirect(basePath + Uri.EscapeDataString(slug) + suffix + request.QueryString, permanent: true);
    }

    /// <summary>The first free slug made from <paramref name="text"/>, given the stored slugs that could collide with it.</summary>
    /// <param name="text">The title or name.</param>
    /// <param name="fallback">The slug when the text has no usable characters.</param>
    /// <param name="candidatesLike">The stored slugs equal to a base slug or starting with its candidate prefix.</param>
    /// <param name="reserved">Slugs taken by owners not saved yet.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task<string> FreeSlugAsync(
        string text, string fallback, Func<string, IQueryable<string>> candidatesLike, IReadOnlyCollection<string> reserved,
        CancellationToken cancellationToken)
    {
        var baseSlug = Slug.From(text, fallback);
        var taken = await candidatesLike(baseSlug).ToListAsync(cancellationToken);
        return Slug.FirstFree(baseSlug, taken.Concat(reserved).ToHashSet(StringComparer.Ordinal));
    }
}
