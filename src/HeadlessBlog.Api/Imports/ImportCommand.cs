using System.Data.Common;
using System.Globalization;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace HeadlessBlog.Api.Imports;

/// <summary>
/// <c>import FILE [--format …] [--dry-run] [--on-conflict skip|update]</c> from the app's own command line: the same
/// job as <c>POST /api/imports</c>, run in this process to the end, with the app's configuration (so into SQLite or
/// SQL Server alike). A progress bar on a terminal, plain lines when output is redirected. Exit codes: 0 done, 1 the
/// file could not be imported (or the job failed), 2 usage.
/// </summary>
public static class ImportCommand
{
    public static bool IsImportCommand(string[] args) => args.Length > 0 && args[0] == "import";

    /// <summary>The actor the command's writes name in the change log, the revisions and the audit log (they have no API key).</summary>
    public const string Actor = "cli";

    public const string Usage = """
        Usage:
          import <file> [--format ghost|wordpress|headlessblog] [--dry-run] [--on-conflict skip|update]
        """;

    public static async Task<int> RunAsync(
        string[] args, IServiceProvider services, IAnsiConsole? terminal, TextWriter output, TextWriter error,
        CancellationToken cancellationToken = default)
    {
        if (Parse(args) is not { } query || query.Path is null)
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        byte[] file;
        try
        {
            file = await File.ReadAllBytesAsync(query.Path, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"Cannot read {query.Path}: {exception.Message}");
            return 1;
        }

        var options = services.GetRequiredService<IOptions<ImportOptions>>().Value;
        try
        {
            var plan = ImportReader.Read(file, query.Query.Format, options.GhostUrl);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
            var job = ImportJobs.Queue(db, plan, query.Query, services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, (null, Actor));
            await db.SaveChangesAsync(cancellationToken);
            var runner = services.GetRequiredService<ImportRunner>();
            if (terminal is null)
            {
                await runner.RunAsync(job.Id, CommandProgress.Lines<ImportProgress>(output, job.DryRun ? "Checked" : "Imported", Counted), cancellationToken);
            }
            else
            {
                await CommandProgress.WithBarAsync<ImportProgress, bool>(terminal, "Importing articles", plan.Articles.Count, Counted, async progress =>
                {
                    await runner.RunAsync(job.Id, progress, cancellationToken);
                    return true;
                });
            }

            db.ChangeTracker.Clear();
            return await SummaryAsync(await db.ImportJobs.AsNoTracking().FirstAsync(j => j.Id == job.Id, cancellationToken), output, error);
        }
        catch (ImportFileException exception)
        {
            await error.WriteLineAsync($"Cannot import {query.Path}: {exception.Message}");
            return 1;
        }
        catch (DbException exception)
        {
            await error.WriteLineAsync($"Cannot write to the database: {exception.Message}");
            return 1;
        }
    }

    private static async Task<int> SummaryAsync(ImportJob job, TextWriter output, TextWriter error)
    {
        var report = ImportJobs.ToResponse(job);
        foreach (var skipped in report.Skipped)
        {
            await output.WriteLineAsync($"Skipped {skipped.Slug}: {skipped.Reason}");
        }

        foreach (var warning in report.Warnings)
        {
            await output.WriteLineAsync($"Warning: {warning}");
        }

        var verb = job.DryRun ? "Dry run, nothing written: would have created" : "Created";
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{verb} {job.Created} and updated {job.Updated} of {job.Total} articles ({job.Format}); {report.Skipped.Count} items skipped, {report.Warnings.Count} warnings. Job {job.Id}."));
        if (job.Status == ImportStatuses.Failed)
        {
            await error.WriteLineAsync($"Import failed: {job.Error}");
            return 1;
        }

        return 0;
    }

    private sealed record Arguments(string? Path, ImportQuery Query);

    /// <summary>The file and options; null for an unknown option or value. Configuration overrides (<c>--Section:Key value</c>) are left to the host.</summary>
    private static Arguments? Parse(string[] args)
    {
        var (path, query) = ((string?)null, new ImportQuery());
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--dry-run":
                    query = query with { DryRun = true };
                    break;
                case "--format" when value is not null && ImportFormats.All.Contains(value):
                    query = query with { Format = value };
                    i++;
                    break;
                case "--on-conflict" when value is ConflictModes.Skip or ConflictModes.Update:
                    query = query with { OnConflict = value };
                    i++;
                    break;
                case var option when option.StartsWith("--", StringComparison.Ordinal) && option.Contains(':', StringComparison.Ordinal):
                    i += option.Contains('=', StringComparison.Ordinal) ? 0 : 1;
                    break;
                case var other when !other.StartsWith('-') && path is null:
                    path = other;
                    break;
                default:
                    return null;
            }
        }

        return new Arguments(path, query);
    }

    private static (int Done, int Total) Counted(ImportProgress progress) => (progress.Processed, progress.Total);
}
