using System.Text.Json;
using HeadlessBlog.Api.Changes;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessBlog.Api.Imports;

/// <summary>
/// Runs one import job: reads its file, writes tags, then articles in batches (each batch one transaction that also
/// records the job's progress, so the report always matches what was committed), then related links and redirects.
/// A failure stops the job: the batches before it are imported whole, the failed batch not at all, and the job's
/// error says where it stopped. Used by the background worker and by the <c>import</c> command alike.
/// </summary>
public sealed partial class ImportRunner(
    IServiceScopeFactory scopes, ImportWrites writes, TimeProvider clock, IOptions<ImportOptions> options, ILogger<ImportRunner> logger)
{
    /// <summary>Runs the job <paramref name="jobId"/> to its end, if it is queued; reports progress after each batch.</summary>
    public async Task RunAsync(Guid jobId, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var run = await StartAsync(jobId, cancellationToken);
        if (run is null)
        {
            return;
        }

        progress?.Report(new ImportProgress(0, run.Total));
        // The job's writes are by whoever queued it, though no request of theirs is under way any more.
        using var actor = ChangeLog.OnBehalfOf(run.ActorKeyId, run.ActorName);
        try
        {
            await writes.TagsAsync(run, cancellationToken);
            var batchSize = Math.Max(1, options.Value.BatchSize);
            for (var start = 0; start < run.Total; start += batchSize)
            {
                await writes.ArticlesAsync(run, start, Math.Min(batchSize, run.Total - start), cancellationToken);
                progress?.Report(new ImportProgress(run.Processed, run.Total));
            }

            await writes.LinksAsync(run, cancellationToken);
            await FinishAsync(run, ImportStatuses.Succeeded, null, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, e, jobId, run.Processed, run.Total);
            var where = run.Processed < run.Total
                ? $"Stopped at article {run.Processed + 1} of {run.Total} ('{run.Plan.Articles[run.Processed].Label}'): its batch was not saved; the {run.Processed} articles before it are imported whole."
                : "Stopped after the articles, while linking related articles and redirects: every article is imported whole.";
            await FinishAsync(run, ImportStatuses.Failed, $"{where} Cause: {Describe(e)}", CancellationToken.None);
        }
    }

    /// <summary>Marks the job running and reads what it is to write; null when it is not queued (any more).</summary>
    private async Task<ImportRun?> StartAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
        var job = await db.ImportJobs.FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is not { Status: ImportStatuses.Queued })
        {
            return null;
        }

        job.Status = ImportStatuses.Running;
        job.StartedAt = clock.GetUtcNow().UtcDateTime;
        var content = await db.ImportUploads.Where(u => u.JobId == jobId).Select(u => u.Content).FirstOrDefaultAsync(cancellationToken);
        if (content is null)
        {
            job.Status = ImportStatuses.Failed;
            job.Error = "The job's content is gone.";
            job.FinishedAt = job.StartedAt;
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }

        var plan = ImportJobs.PlanOf(content);
        var run = new ImportRun(jobId, plan, job.DryRun, job.OnConflict == ConflictModes.Update) { ActorKeyId = job.ActorKeyId, ActorName = job.ActorName };
        job.Total = run.Total;
        job.Report = run.ReportJson();
        await db.SaveChangesAsync(cancellationToken);
        return run;
    }

    private async Task FinishAsync(ImportRun run, string status, string? error, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
        var job = await db.ImportJobs.FirstAsync(j => j.Id == run.JobId, cancellationToken);
        run.Record(job);
        job.Status = status;
        job.Error = error is null ? null : error.Length > 2000 ? error[..1999] + "…" : error;
        job.FinishedAt = clock.GetUtcNow().UtcDateTime;
        db.ImportUploads.RemoveRange(db.ImportUploads.Where(u => u.JobId == run.JobId));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Describe(Exception e) =>
        e is DbUpdateException { InnerException: { } inner } ? inner.Message : e.Message;

    [LoggerMessage(Level = LogLevel.Error, Message = "Import {JobId} failed after {Processed} of {Total} articles")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid jobId, int processed, int total);
}

/// <summary>How far a job is: articles processed of the file's total.</summary>
public sealed record ImportProgress(int Processed, int Total);

/// <summary>A job under way: its plan and what the committed batches did.</summary>
public sealed class ImportRun(Guid jobId, ImportPlan plan, bool dryRun, bool update)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Guid JobId { get; } = jobId;
    public ImportPlan Plan { get; } = plan;
    public bool DryRun { get; } = dryRun;
    public bool Update { get; } = update;
    public int Total => Plan.Articles.Count;

    /// <summary>Who queued the job: its writes' actor.</summary>
    public int? ActorKeyId { get; init; }

    public string? ActorName { get; init; }
    public int Processed { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public List<SkippedItem> Skipped { get; } = [.. plan.Skipped];
    public List<string> Warnings { get; } = [.. plan.Warnings];

    /// <summary>Slugs of the file's articles already dealt with (a later one with the same slug is skipped).</summary>
    public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

    /// <summary>Articles this import created or updated: their slug in the file and their id.</summary>
    public Dictionary<string, int> Written { get; } = new(StringComparer.Ordinal);

    /// <summary>What each tag of the file is named by in the articles' requests: the stored tag's slug, or its name.</summary>
    public Dictionary<string, string> TagNames { get; } = new(StringComparer.Ordinal);

    /// <summary>The report as the job stores it, with <paramref name="pending"/> (a batch's, not committed yet).</summary>
    public string ReportJson(IEnumerable<SkippedItem>? pending = null) =>
        JsonSerializer.Serialize(new { skipped = Skipped.Concat(pending ?? []), warnings = Warnings }, Json);

    /// <summary>Copies the counters and the report into the job's row.</summary>
    public void Record(ImportJob job)
    {
        job.Processed = Processed;
        job.Created = Created;
        job.Updated = Updated;
        job.Report = ReportJson();
    }
}
