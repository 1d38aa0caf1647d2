using System.Globalization;
using System.Security.Cryptography;
using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Api.Security;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace HeadlessBlog.Api.Delivery;

public static class Credentials
{
    /// <summary>True when the request carries credentials: its response must never be shared.</summary>
    public static bool Present(HttpRequest request) =>
        request.Headers.ContainsKey(ApiKeys.HeaderName) || request.Headers.ContainsKey(HeaderNames.Authorization);
}
public static class HttpCacheHeaders
{
    /// <summary>A strong ETag: 128 bits of the SHA-256 of the body, base64url.</summary>
    public static string ETagOf(ReadOnlySpan<byte> body, string? version = null)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(body, hash);
        var digest = System.Buffers.Text.Base64Url.EncodeToString(hash[..16]);
        return version is null ? "\"" + digest + "\"" : "\"" + version + "-" + digest + "\"";
    }

    /// <summary>Public responses may be stored by shared caches for a while; responses to credentials never.</summary>
    public static async ValueTask ApplyAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.Vary = "X-Api-Key, Authorization";
        if (Credentials.Present(context.Request))
        {
            headers.CacheControl = "private, no-store";
            return;
        }

        var options = context.RequestServices.GetRequiredService<IOptions<CachingOptions>>().Value;
        var schedule = await context.RequestServices.GetRequiredService<PublicationSchedule>().CurrentAsync(context.RequestAborted);
        var maxAge = options.MaxAgeSeconds;
        if (schedule.Next is { } next)
        {
            var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            maxAge = (int)Math.Clamp(Math.Ceiling((next - now).TotalSeconds), 0, maxAge);
        }

        headers.CacheControl = string.Create(
            CultureInfo.InvariantCulture,
            $"public, max-age={maxAge}, stale-while-revalidate={options.StaleWhileRevalidateSeconds}");
    }

    /// <summary>Whether <c>If-None-Match</c> names <paramref name="etag"/> (or is <c>*</c>); weak comparison, as for GET.</summary>
    public static bool Matches(HttpRequest request, string etag)
    {
        if (!EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var candidates))
        {
            return false;
        }

        var current = new EntityTagHeaderValue(etag);
        return candidates.Any(c => c.Equals(EntityTagHeaderValue.Any) || c.Compare(current, useStrongComparison: false));
    }
}
