using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace HeadlessBlog.Api.Delivery;

/// <summary>
/// A JSON 200 with a strong ETag computed from the bytes it returns, <c>Cache-Control</c> for shared caches
/// (bounded by the next scheduled publication), and 304 when <c>If-None-Match</c> names the current ETag.
/// </summary>
/// <remarks>
/// For an article or a tag, <paramref name="version"/> leads the ETag (<c>"version-hash"</c>), so the same ETag serves
/// <c>If-Match</c>. <paramref name="fields"/> (<c>?fields=</c>) leaves out the other fields as it serializes, once.
/// </remarks>
public sealed class CacheableJson<T>(T value, string? version = null, FieldSelection.Chosen? fields = null)
    : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult<T>, IValueHttpResult
{
    public T Value => value;

    object? IValueHttpResult.Value => value;

    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var json = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, fields is null ? json : FieldSelection.OptionsFor(json, fields));

        await CacheableContent.WriteAsync(httpContext, bytes, "application/json; charset=utf-8", version, lastModified: null);
    }

#pragma warning disable CA1000 // Required by IEndpointMetadataProvider, a static abstract interface member.
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void)));
    }
#pragma warning restore CA1000
}
