using System.Globalization;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HeadlessBlog.Api.Exports;

/// <summary>The full export: every article, tag, related link and redirect as one streamed document.</summary>
public static class ExportEndpoints
{
    public static RouteGroupBuilder MapExportEndpoints(this IEndpointRouteBuilder routes)
    {
        // Never output-cached (no CacheOutput here): the document is built anew for each request, straight to the client.
        var group = routes.MapGroup("/api/export").WithTags("Import and export");
        group.MapGet("/", ExportContent).WithName(nameof(ExportContent))
            .WithSummary("Export every article (drafts and scheduled too), tag, related link and old slug as one JSON document in the headlessblog format, version 1 (a key with content:read)")
            .Produces<ExportDocument>(StatusCodes.Status200OK, ExportFormat.MediaType)
            .RequiresRead();
        return group;
    }

    /// <summary>Streams the document as it is read, a batch of articles at a time, as a download.</summary>
    public static PushStreamHttpResult ExportContent([AsParameters] ContentRequest request)
    {
        var exportedAt = request.UtcNow();
        request.Http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Stream(
            body => ExportWriter.WriteAsync(request.Db, body, exportedAt, progress: null, request.Aborted),
            ExportFormat.MediaType,
            FileName(exportedAt));
    }

    /// <summary>E.g. <c>headlessblog-export-20261207T211500Z.json</c>.</summary>
    public static string FileName(DateTime exportedAt) =>
        $"headlessblog-export-{exportedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.json";
}
