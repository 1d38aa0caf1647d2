using System.Text.Json.Nodes;
using HeadlessBlog.Api.Changes;
using HeadlessBlog.Api.Exports;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessBlog.Api.Imports;

public static class ImportEndpoints
{
    public const string Path = "/api/imports";

    private static readonly string[] MediaTypes = ["application/json", "application/xml", "text/xml"];

    public static RouteGroupBuilder MapImportEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Path).WithTags("Import");
        group.MapPost("/", CreateImport).WithName(nameof(CreateImport))
            .WithSummary("Import a Ghost export (JSON), a WordPress export (WXR, XML) or a HeadlessBlog export (JSON, the schema below): the file is the body; 202 and a job that runs in the background")
            .Accepts<ExportDocument>(MediaTypes[0], MediaTypes[1..])
            .WithRequestExample(Example)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequiresWrite();
        group.MapGet("/{id:guid}", GetImport).WithName(nameof(GetImport))
            .WithSummary("Where an import job stands and what it did")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequiresWrite();
        return group;
    }

    /// <summary>The request body Swagger UI offers: a small HeadlessBlog export (a Ghost export or a WordPress WXR file is sent the same way).</summary>
    private static JsonObject Example() => new()
    {
        ["format"] = ExportFormat.Name,
        ["version"] = ExportFormat.Version,
        ["exportedAt"] = "2026-01-06T09:00:00Z",
        ["tags"] = new JsonArray(new JsonObject
        {
            ["name"] = "Open Source",
            ["slug"] = "open-source",
            ["createdAt"] = "2026-01-02T08:00:00Z",
            ["updatedAt"] = "2026-01-02T08:00:00Z",
        }),
        ["articles"] = new JsonArray(new JsonObject
        {
            ["slug"] = "hello-again",
            ["title"] = "Hello again",
            ["body"] = "Moved here **as written**.",
            ["status"] = "published",
            ["publishedAt"] = "2026-01-05T08:00:00Z",
            ["createdAt"] = "2026-01-04T08:00:00Z",
            ["updatedAt"] = "2026-01-05T08:00:00Z",
            ["tags"] = new JsonArray(new JsonObject { ["name"] = "Open Source", ["slug"] = "open-source" }),
            ["related"] = new JsonArray(),
        }),
        ["redirects"] = new JsonArray(),
    };

    public static async Task<Results<Accepted<ImportJobResponse>, ValidationProblem, ProblemHttpResult>> CreateImport(
        [AsParameters] ImportQuery query, HttpRequest http, BlogDbContext db, ImportWorker worker, IOptions<ImportOptions> options,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!MediaTypes.Any(t => http.ContentType?.StartsWith(t, StringComparison.OrdinalIgnoreCase) == true))
        {
            return TypedResults.Problem(
                detail: "Send the export file as the body: 'Content-Type: application/json' for Ghost and HeadlessBlog exports, 'application/xml' or 'text/xml' for a WordPress export.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported Media Type");
        }

        var file = await ImportUploadReader.ReadAsync(http, options.Value.MaxBytes, cancellationToken);
        if (file is null)
        {
            return TypedResults.Problem(
                detail: $"The file is larger than Imports:MaxBytes ({options.Value.MaxBytes} bytes).",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Content Too Large");
        }

        ImportPlan plan;
        try
        {
            plan = ImportReader.Read(file, query.Format, options.Value.GhostUrl);
        }
        catch (ImportFileException e)
        {
            return TypedResults.Problem(
                detail: e.Message, statusCode: e.Status,
                title: e.Status == StatusCodes.Status400BadRequest ? "Unreadable file" : "Not an export this API reads");
        }

        var job = ImportJobs.Queue(db, plan, query, clock.GetUtcNow().UtcDateTime, ChangeLog.ActorOf(http.HttpContext.User));
        await db.SaveChangesAsync(cancellationToken);
        worker.Enqueue(job.Id);
        return TypedResults.Accepted($"{Path}/{job.Id}", ImportJobs.ToResponse(job));
    }

    public static async Task<Results<Ok<ImportJobResponse>, ProblemHttpResult>> GetImport(
        Guid id, BlogDbContext db, CancellationToken cancellationToken)
    {
        var job = await db.ImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        return job is null ? Problems.NotFound($"Import {id} does not exist.") : TypedResults.Ok(ImportJobs.ToResponse(job));
    }
}
