using System.Diagnostics;
using System.Globalization;
using System.Text;
using HeadlessBlog.Api.Tests.Redis;

namespace HeadlessBlog.Api.Tests.Hosting;

/// <summary>
/// The API as a real process, <c>dotnet HeadlessBlog.Api.dll</c> of this build, as it runs in production: its own
/// loopback port, a SQLite file the test names, plain HTTP, webhooks to loopback allowed and rate limits out of the way
/// (a load test is one client). It can be started again on the same file; killed on dispose.
/// </summary>
public sealed class ApiProcess(string databaseFile) : IAsyncDisposable
{
    private Process? _process;
    private readonly StringBuilder _output = new();

    /// <summary>The API's entry assembly built with this test run (see <see cref="FindApiDll"/>).</summary>
    public static string ApiDll { get; } = FindApiDll();

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public int Id => _process?.Id ?? throw new InvalidOperationException("The API process has not been started.");

    public bool HasExited => _process is { HasExited: true };

    public int ExitCode => _process!.ExitCode;

    /// <summary>Runs the app's <c>keys create</c> command on the database (migrating it first) and returns the printed key.</summary>
    public async Task<string> CreateKeyAsync(string name, string[] scopes, CancellationToken cancellationToken)
    {
        string[] arguments = ["keys", "create", "--name", name, .. scopes.SelectMany(s => new[] { "--scope", s })];
        using var process = Process.Start(StartInfo(arguments))!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var output = await stdout;
        var key = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("hb_", StringComparison.Ordinal));
        return process.ExitCode == 0 && key is not null
            ? key
            : throw new InvalidOperationException($"keys create exited with {process.ExitCode}:\n{output}\n{await stderr}");
    }

    /// <summary>Starts the API on a free loopback port and waits (at most 30 s) until <c>/health/ready</c> answers 200.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var port = RedisServer.FreeLoopbackPort();
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        var start = StartInfo([]);
        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/');
        _process?.Dispose();
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync("/health/ready", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The API did not become ready on {BaseAddress}:\n{Output}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Sends SIGTERM, as <c>docker stop</c> and Kubernetes do (.NET has no managed call for it).</summary>
    public async Task TerminateAsync(CancellationToken cancellationToken)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync(cancellationToken);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {Id} exited with {kill.ExitCode}.");
        }
    }

    /// <summary>Whether the process exited within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            await _process!.WaitForExitAsync(bounded.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>What the process printed (its logs), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    private ProcessStartInfo StartInfo(string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [ApiDll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The content root (appsettings.json) is the working directory.
            WorkingDirectory = Path.GetDirectoryName(ApiDll)!,
        };
        foreach (var (name, value) in (KeyValuePair<string, string>[])[
            new("ASPNETCORE_ENVIRONMENT", "Production"),
            new("ConnectionStrings__Blog", $"Data Source={databaseFile}"),
            new("Database__Provider", "Sqlite"),
            new("Network__UseHttps", "false"),
            new("Webhooks__AllowPrivateNetworks", "true"),
            new("Limits__AnonymousRequestsPerWindow", "1000000"),
            new("Limits__KeyRequestsPerWindow", "1000000")])
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>
    /// The copy of the API in this test project's own output (the project reference puts it there, with its
    /// runtimeconfig, so it runs as built with the test); failing that, the API project's output of the same
    /// configuration (bin/&lt;configuration&gt;/&lt;framework&gt;).
    /// </summary>
    private static string FindApiDll()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "HeadlessBlog.Api.dll");
        if (File.Exists(beside) && File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json")))
        {
            return beside;
        }

        var framework = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var configuration = framework.Parent!;
        for (var folder = configuration.Parent; folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "src", "HeadlessBlog.Api", "bin", configuration.Name, framework.Name, "HeadlessBlog.Api.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"HeadlessBlog.Api.dll is neither in {AppContext.BaseDirectory} nor in the API project's output.");
    }
}
