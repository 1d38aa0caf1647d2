using System.Diagnostics;
using System.Text.RegularExpressions;

namespace HeadlessBlog.Api.Tests.Hosting;

/// <summary>What a RUN step printed (standard output and error, interleaved) and how it ended.</summary>
internal sealed record RunResult(int ExitCode, IReadOnlyList<string> Output)
{
    public string Tail(int lines) => string.Join('\n', Output.TakeLast(lines));
}

/// <summary>
/// Carries out build-stage steps in a folder that stands in for the image's file system: image paths live under
/// the root folder, COPY reads the build context minus what .dockerignore leaves out, and RUN runs /bin/sh -c in
/// the working directory with absolute paths in the command moved under the root folder. A one-segment token such
/// as /m or /nologo is left alone (an MSBuild switch) unless the emulated image already has that folder.
/// </summary>
internal sealed partial class BuildStageEmulator
{
    private readonly string context;
    private readonly string root;
    private readonly DockerIgnore ignore;
    private readonly Dictionary<string, string> environment = [];
    private string workdir = "/";

    public BuildStageEmulator(string context, string root, DockerIgnore ignore)
    {
        if (!PlainPath().IsMatch(root))
        {
            throw new ArgumentException($"RUN commands get {root} spliced in, so it must need no shell quoting.", nameof(root));
        }

        (this.context, this.root, this.ignore) = (context, root.TrimEnd('/'), ignore);
    }

    /// <summary>Carries out one step; RUN steps give what they printed and their exit code.</summary>
    public async Task<RunResult?> ApplyAsync(BuildStep step, CancellationToken cancellationToken)
    {
        switch (step)
        {
            case WorkdirStep(_, var path):
                workdir = ImagePath(path);
                Directory.CreateDirectory(HostPath(workdir));
                return null;
            case EnvStep(_, var name, var value):
                environment[name] = value;
                return null;
            case CopyStep copy:
                Copy(copy);
                return null;
            case RunStep(_, var command):
                return await RunAsync(command, cancellationToken);
            default:
                throw new NotSupportedException($"No emulation for {step}.");
        }
    }

    /// <summary>Where an image path (absolute, or relative to the working directory) lives on this machine.</summary>
    public string HostPath(string imagePath) => root + ImagePath(imagePath);

    /// <summary>An image path made absolute against the working directory, with "." and ".." resolved.</summary>
    private string ImagePath(string path)
    {
        var segments = new List<string>();
        foreach (var segment in (path.StartsWith('/') ? path : workdir + "/" + path).Split('/'))
        {
            if (segment == ".." && segments.Count > 0)
            {
                segments.RemoveAt(segments.Count - 1);
            }
            else if (segment is not ("" or "." or ".."))
            {
                segments.Add(segment);
            }
        }

        return "/" + string.Join('/', segments);
    }

    /// <summary>
    /// COPY as Docker does it: a folder's contents go into the destination; a file goes into the destination if that
    /// ends in '/' (or is ".", or an existing folder), else becomes it; several sources need a folder destination.
    /// </summary>
    private void Copy(CopyStep step)
    {
        var destination = HostPath(step.Destination);
        var intoFolder = step.Destination.EndsWith('/') || step.Destination == "." || Directory.Exists(destination);
        if ((step.Sources.Count > 1 || step.Sources.Any(IsWildcard)) && !intoFolder)
        {
            throw new InvalidOperationException($"Dockerfile line {step.Line}: COPY of several sources needs a destination ending in '/'.");
        }

        foreach (var source in step.Sources)
        {
            var copied = 0;
            foreach (var path in InContext(source))
            {
                var from = Path.Combine(context, path);
                if (Directory.Exists(from))
                {
                    foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories)
                        .Where(file => !ignore.Excludes(Path.GetRelativePath(context, file).Replace('\\', '/'))))
                    {
                        CopyFile(file, Path.Combine(destination, Path.GetRelativePath(from, file)));
                        copied++;
                    }
                }
                else if (!ignore.Excludes(path))
                {
                    CopyFile(from, intoFolder ? Path.Combine(destination, Path.GetFileName(path)) : destination);
                    copied++;
                }
            }

            if (copied == 0)
            {
                throw new InvalidOperationException(
                    $"Dockerfile line {step.Line}: COPY {source} finds no file in the build context (missing, or left out by .dockerignore).");
            }
        }
    }

    /// <summary>The context paths a COPY source names, its wildcards expanded over what .dockerignore keeps.</summary>
    private List<string> InContext(string source)
    {
        var paths = new List<string> { "" };
        foreach (var segment in source.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(segment => segment != "."))
        {
            if (segment == "..")
            {
                throw new InvalidOperationException($"COPY {source} reaches outside the build context.");
            }

            paths = IsWildcard(segment)
                ? [.. paths.Where(path => Directory.Exists(Path.Combine(context, path)))
                    .SelectMany(path => Directory.EnumerateFileSystemEntries(Path.Combine(context, path))
                        .Select(entry => Path.Join(path, Path.GetFileName(entry)).Replace('\\', '/')))
                    .Where(path => DockerIgnore.Glob(segment).IsMatch(Path.GetFileName(path)) && !ignore.Excludes(path))]
                : [.. paths.Select(path => Path.Join(path, segment).Replace('\\', '/'))];
        }

        return [.. paths.Where(path => Path.Exists(Path.Combine(context, path)))];
    }

    private static bool IsWildcard(string path) => path.IndexOfAny(['*', '?', '[']) >= 0;

    private static void CopyFile(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to, overwrite: true);
    }

    private async Task<RunResult> RunAsync(string command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = HostPath(workdir),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(AbsolutePath().Replace(command, path => InImage(path.Value) ? root + path.Value : path.Value));
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        var output = new List<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Collect(output, line.Data);
        process.ErrorDataReceived += (_, line) => Collect(output, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // RUN has no standard input, and the test process's own is the test runner's channel to it.
        process.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        lock (output)
        {
            return new RunResult(process.ExitCode, [.. output]);
        }
    }

    /// <summary>Whether an absolute path in a RUN command means the image's file rather than this machine's.</summary>
    private bool InImage(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments[0] != "dev" && (segments.Length > 1 || Path.Exists(Path.Combine(root, segments[0])));
    }

    private static void Collect(List<string> output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.Add(line);
            }
        }
    }

    [GeneratedRegex(@"(?<=^|[\s='""])/[\w.+@-]+(?:/[\w.+@-]+)*/?(?=$|[\s'"";&|)])")]
    private static partial Regex AbsolutePath();

    [GeneratedRegex(@"^/[\w./-]+$")]
    private static partial Regex PlainPath();
}
