using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HeadlessBlog.Api.Tests.Redis;

/// <summary>
/// A real <c>redis-server</c> (Debian's package) of the test's own: loopback only, a free port, no persistence, a temp
/// folder of its own; stopped and removed on dispose. Without the binary it does not start, and the tests that need
/// it are skipped (<see cref="SkipUnlessAvailable"/>).
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    public const string Binary = "/usr/bin/redis-server";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"headlessblog-redis-{Guid.NewGuid():N}");
    private Process? _process;
    private readonly StringBuilder _output = new();

    public int Port { get; private set; }

    /// <summary>The StackExchange.Redis configuration string of this server, for <c>Caching:Redis</c>.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static bool Installed => File.Exists(Binary);

    public static void SkipUnlessAvailable() =>
        Assert.SkipUnless(Installed, $"{Binary} is not installed here (apt-get install -y redis-server): the shared output cache is not tested.");

    public async ValueTask InitializeAsync()
    {
        if (Installed)
        {
            await StartAsync();
        }
    }

    /// <summary>Starts the server, empty, on its port (a free one the first time, the same one after <see cref="StopAsync"/>).</summary>
    public async Task StartAsync()
    {
        Directory.CreateDirectory(_folder);
        if (Port == 0)
        {
            Port = FreeLoopbackPort();
        }

        _process?.Dispose();
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _folder,
        };
        foreach (var argument in (string[])[
            "--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--save", "", "--appendonly", "no", "--dir", _folder, "--daemonize", "no", "--loglevel", "warning"])
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await PingAsync())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"redis-server did not answer on {Configuration}:\n{Output()}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Whether the server answers PING now.</summary>
    public async Task<bool> PingAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Kills the server (nothing to save); the port then refuses connections.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _process?.Dispose();
            if (Directory.Exists(_folder))
            {
                Directory.Delete(_folder, recursive: true);
            }
        }
    }

    /// <summary>A port nothing listens on right now (the OS picks it; a race with another process is unlikely).</summary>
    public static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
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

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }
}
