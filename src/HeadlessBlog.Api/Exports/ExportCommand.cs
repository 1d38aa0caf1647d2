using System.Data.Common;
using System.Globalization;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Data;
using Spectre.Console;

namespace HeadlessBlog.Api.Exports;

/// <summary>
/// <c>export FILE</c> from the app's own command line: the document of <c>GET /api/export</c> written to a file, with
/// the app's configuration (so from SQLite or SQL Server alike). On a terminal a progress bar shows how far it is;
/// with output redirected it prints a plain line now and then instead. Exit codes: 0 done, 1 error, 2 usage.
/// </summary>
public static class ExportCommand
{
    public static bool IsExportCommand(string[] args) => args.Length > 0 && args[0] == "export";

    public const string Usage = """
        Usage:
          export <file>   writes every article, tag, related link and old slug to <file> (JSON, the headlessblog format)
        """;

    /// <summary>Seconds between two progress lines when output is redirected (the first and the last are always printed).</summary>
    /// <summary>Runs the command.</summary>
    /// <param name="args">The command line, starting with <c>export</c>.</param>
    /// <param name="db">The database to export.</param>
    /// <param name="clock">The time written as <c>exportedAt</c>.</param>
    /// <param name="terminal">The console to draw a progress bar on, or null for plain lines on <paramref name="output"/>.</param>
    /// <param name="output">Progress lines and the summary.</param>
    /// <param name="error">Usage and error messages.</param>
    /// <param name="cancellationToken">Stops the export (the file is then not written).</param>
    public static async Task<int> RunAsync(
        string[] args, BlogDbContext db, TimeProvider clock, IAnsiConsole? terminal, TextWriter output, TextWriter error,
        CancellationToken cancellationToken = default)
    {
        if (args.Length != 2 || args[1].StartsWith('-') || string.IsNullOrWhiteSpace(args[1]))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        var path = Path.GetFullPath(args[1]);
        var folder = Path.GetDirectoryName(path) ?? ".";
        if (!Directory.Exists(folder))
        {
            await error.WriteLineAsync($"Cannot write {path}: the folder {folder} does not exist.");
            return 1;
        }

        // Written beside its final name, then moved there: a failed export never leaves a partial file under that name.
        var partial = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.partial");
        try
        {
            ExportCounts counts;
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var exportedAt = clock.GetUtcNow().UtcDateTime;
                counts = terminal is null
                    ? await ExportWriter.WriteAsync(db, file, exportedAt, CommandProgress.Lines<ExportProgress>(output, "Exported", Counted), cancellationToken)
                    : await CommandProgress.WithBarAsync<ExportProgress, ExportCounts>(
                        terminal, "Exporting articles", 0, Counted, progress => ExportWriter.WriteAsync(db, file, exportedAt, progress, cancellationToken));
            }

            File.Move(partial, path, overwrite: true);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Exported {counts.Articles} articles, {counts.Tags} tags and {counts.Redirects} redirects to {path} ({new FileInfo(path).Length:N0} bytes)."));
            return 0;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            Delete(partial);
            await error.WriteLineAsync($"Cannot write {path}: {exception.Message.Replace(partial, path, StringComparison.Ordinal)}");
            return 1;
        }
        catch (DbException exception)
        {
            Delete(partial);
            await error.WriteLineAsync($"Cannot read the database: {exception.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Delete(partial);
            await error.WriteLineAsync("Export cancelled; nothing was written.");
            return 1;
        }
    }

    private static (int Done, int Total) Counted(ExportProgress progress) => (progress.Articles, progress.TotalArticles);

    private static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Could not be created either: nothing to remove.
        }
    }
}
