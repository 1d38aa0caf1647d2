using System.Globalization;

namespace HeadlessBlog.Api.Delivery;

/// <summary>
/// A 200 of bytes in any media type with the headers every content read has: a strong ETag computed from the bytes,
/// <c>Cache-Control</c> for shared caches (bounded by the next scheduled publication), <c>Last-Modified</c> when the
/// content knows it, and 304 when <c>If-None-Match</c> names the current ETag.
/// </summary>
public sealed class CacheableContent(byte[] bytes, string contentType, DateTime? lastModified = null) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, bytes, contentType, version: null, lastModified);

    /// <summary>Writes <paramref name="bytes"/> as <paramref name="contentType"/> with those headers, or the 304.</summary>
    /// <param name="httpContext">The request.</param>
    /// <param name="bytes">The body.</param>
    /// <param name="contentType">Its media type.</param>
    /// <param name="version">Leads the ETag (<c>"version-hash"</c>) of an article or a tag, so that it serves If-Match too.</param>
    /// <param name="lastModified">The content's last change, when it knows it.</param>
    public static async Task WriteAsync(
        HttpContext httpContext, ReadOnlyMemory<byte> bytes, string contentType, string? version, DateTime? lastModified)
    {
        var etag = HttpCacheHeaders.ETagOf(bytes.Span, version);
        var response = httpContext.Response;
        response.Headers.ETag = etag;
        if (lastModified is { } modified)
        {
            response.Headers.LastModified = DateTime.SpecifyKind(modified, DateTimeKind.Utc).ToString("R", CultureInfo.InvariantCulture);
        }

        await HttpCacheHeaders.ApplyAsync(httpContext);

        if (HttpCacheHeaders.Matches(httpContext.Request, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, httpContext.RequestAborted);
    }
}
