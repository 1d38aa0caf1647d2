using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace HeadlessBlog.Api.Hosting;

/// <summary>
/// How a command-line job (export, import) shows its progress: a Spectre.Console bar on a terminal; when output is
/// redirected, a line such as "Exported 500 of 1200 articles" at most every two seconds, and always the first and last.
/// </summary>
/// <remarks>
/// <c>T</c> is the job's progress report; <c>count</c> reads from it how many articles are done of how many.
/// </remarks>
public static class CommandProgress
{
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(2);

    /// <summary>Runs <paramref name="job"/> under a bar named <paramref name="description"/>, full when it ends.</summary>
    public static Task<TResult> WithBarAsync<T, TResult>(
        IAnsiConsole terminal, string description, int total, Func<T, (int Done, int Total)> count, Func<IProgress<T>, Task<TResult>> job) =>
        terminal.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(description, maxValue: Math.Max(1, total));
                var result = await job(new Bar<T>(task, count));
                task.Value = task.MaxValue;
                return result;
            });

    /// <summary>Progress written as lines "<paramref name="verb"/> N of M articles".</summary>
    public static IProgress<T> Lines<T>(TextWriter output, string verb, Func<T, (int Done, int Total)> count) => new LineWriter<T>(output, verb, count);

    /// <summary>Moves the bar (Spectre's tasks are safe to update from any thread).</summary>
    private sealed class Bar<T>(ProgressTask task, Func<T, (int Done, int Total)> count) : IProgress<T>
    {
        public void Report(T value)
        {
            var (done, total) = count(value);
            task.MaxValue = Math.Max(1, total);
            task.Value = done;
        }
    }

    private sealed class LineWriter<T>(TextWriter output, string verb, Func<T, (int Done, int Total)> count) : IProgress<T>
    {
        private readonly Stopwatch _sinceLine = new();
        private (int Done, int Total)? _printed;

        public void Report(T value)
        {
            var (done, total) = count(value);
            var last = done >= total;
            if ((done, total) == _printed || (_sinceLine.IsRunning && _sinceLine.Elapsed < LineInterval && !last))
            {
                return;
            }

            _printed = (done, total);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{verb} {done} of {total} articles"));
            output.Flush();
            _sinceLine.Restart();
        }
    }
}
