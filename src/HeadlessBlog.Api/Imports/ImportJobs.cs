using System.Text.Json;
using HeadlessBlog.Data;

namespace HeadlessBlog.Api.Imports;

/// <summary>The job rows: a new one for an accepted file, and what a job row answers.</summary>
public static class ImportJobs
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// A queued job for a file read as <paramref name="plan"/>, added to the context with the plan: what the job will
    /// write, in the app's terms. The file itself is not stored, so nothing else in it (a Ghost export's users and their
    /// password hashes, settings, members) is ever written anywhere.
    /// </summary>
    /// <paramref name="actor"/>: who the job's writes are by, in the change log, the revisions and the audit log.
    public static ImportJob Queue(BlogDbContext db, ImportPlan plan, ImportQuery query, DateTime now, (int? KeyId, string? Name) actor)
    {
        var job = new ImportJob
        {
            Id = Guid.CreateVersion7(now),
            Format = plan.Format,
            Status = ImportStatuses.Queued,
            DryRun = query.DryRun ?? false,
            OnConflict = query.OnConflict ?? ConflictModes.Skip,
            CreatedAt = now,
            Total = plan.Articles.Count,
            Report = JsonSerializer.Serialize(new Report([], []), Json),
            ActorKeyId = actor.KeyId,
            ActorName = actor.Name,
        };
        db.ImportJobs.Add(job);
        db.ImportUploads.Add(new ImportUpload { JobId = job.Id, Content = JsonSerializer.SerializeToUtf8Bytes(plan, Json) });
        return job;
    }

    /// <summary>The plan a job stored.</summary>
    public static ImportPlan PlanOf(byte[] content) =>
        JsonSerializer.Deserialize<ImportPlan>(content, Json) ?? throw new JsonException("The stored plan is null.");

    public static ImportJobResponse ToResponse(ImportJob job)
    {
        var report = string.IsNullOrEmpty(job.Report) ? null : JsonSerializer.Deserialize<Report>(job.Report, Json);
        return new ImportJobResponse(
            job.Id, job.Format, job.Status, job.DryRun, job.OnConflict, job.CreatedAt, job.StartedAt, job.FinishedAt,
            job.Total, job.Processed, job.Created, job.Updated, report?.Skipped ?? [], report?.Warnings ?? [], job.Error);
    }

    private sealed record Report(List<SkippedItem> Skipped, List<string> Warnings);
}

/// <summary>Reads a request body up to a limit (whatever its Content-Length says, or when it has none).</summary>
internal static class ImportUploadReader
{
    /// <summary>The body, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 64 * 1024);
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
