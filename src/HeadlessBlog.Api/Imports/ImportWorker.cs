using System.Collections.Concurrent;
using System.Threading.Channels;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Imports;

/// <summary>
/// Runs the jobs this instance accepted, one at a time, in the order they came. A job is not resumed after a restart:
/// at startup every job still queued or running is marked failed with that reason (the articles of its committed
/// batches stay, whole; its report says how far it got), and the file can be sent again — with
/// <c>onConflict=skip</c>, the articles already imported are skipped.
/// </summary>
public sealed partial class ImportWorker(ImportRunner runner, IServiceScopeFactory scopes, TimeProvider clock, ILogger<ImportWorker> logger)
    : BackgroundService
{
    public const string InterruptedReason =
        "Interrupted by a restart of the server before it finished; the articles of the batches it had saved are imported whole (see processed). Send the file again to import the rest.";

    private readonly Channel<Guid> _queue = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _finished = new();

    /// <summary>Queues a job whose row is saved.</summary>
    public void Enqueue(Guid jobId) => _queue.Writer.TryWrite(jobId);

    /// <summary>Completes when this worker has finished with the job (succeeded or failed); kept for later callers too.</summary>
    public Task Finished(Guid jobId) => Completion(jobId).Task;

    /// <summary>
    /// Marks the jobs a restart interrupted (queued or running, created before <paramref name="before"/>) as failed;
    /// the number marked.
    /// </summary>
    public async Task<int> FailInterruptedAsync(DateTime before, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var interrupted = db.ImportJobs.Where(j => (j.Status == ImportStatuses.Queued || j.Status == ImportStatuses.Running) && j.CreatedAt < before);
        await db.ImportUploads.Where(u => interrupted.Any(j => j.Id == u.JobId)).ExecuteDeleteAsync(cancellationToken);
        var count = await interrupted.ExecuteUpdateAsync(
            s => s.SetProperty(j => j.Status, ImportStatuses.Failed)
                .SetProperty(j => j.Error, InterruptedReason)
                .SetProperty(j => j.FinishedAt, now),
            cancellationToken);
        if (count > 0)
        {
            LogInterrupted(logger, count);
        }

        return count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // In the background, not at startup: the app starts (and answers 503) while its database is away. Only jobs
        // from before this start: one accepted since is this instance's own. Housekeeping, not a trace of its own (it
        // would take one of the sampler's few new traces a second from the requests).
        try
        {
            using var untraced = OpenTelemetry.SuppressInstrumentationScope.Begin();
            await FailInterruptedAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogRecoveryFailed(logger, e);
        }

        await foreach (var jobId in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await runner.RunAsync(jobId, null, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogCrashed(logger, e, jobId);
            }
            finally
            {
                Completion(jobId).TrySetResult();
            }
        }
    }

    private TaskCompletionSource Completion(Guid jobId) =>
        _finished.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} import jobs were interrupted by a restart and are marked failed")]
    private static partial void LogInterrupted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import jobs interrupted by a restart could not be marked failed; they stay as they were until the next start")]
    private static partial void LogRecoveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Import {JobId} could not be run")]
    private static partial void LogCrashed(ILogger logger, Exception exception, Guid jobId);
}
