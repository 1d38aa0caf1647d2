using System.Diagnostics;

namespace HeadlessBlog.Api.Tests;

/// <summary>The local development stack (API + SQL Server) described by docker-compose.yml, checked offline.</summary>
public sealed class DockerComposeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string ComposeFile => Path.Combine(RepositoryRoot(), "docker-compose.yml");

    [Fact]
    public async Task ComposeFile_IsValidForDockerCompose()
    {
        var dockerCompose = FindOnPath("docker-compose");
        if (dockerCompose is null)
        {
            Assert.Skip("docker-compose is not on PATH here: the compose file could not be validated.");
        }

        var startInfo = new ProcessStartInfo(dockerCompose)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot(),
        };
        foreach (var argument in new[] { "-f", ComposeFile, "config", "-q" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);

        Assert.True(process.ExitCode == 0, $"docker-compose config exited with {process.ExitCode}:\n{await stderr}\n{await stdout}");
        Assert.Equal("", (await stderr).Trim());
    }

    [Fact]
    public async Task ComposeFile_RunsSqlServerWithAHealthcheckTheApiWaitsFor()
    {
        var compose = await File.ReadAllTextAsync(ComposeFile, Ct);

        Assert.Contains("mcr.microsoft.com/mssql/server", compose, StringComparison.Ordinal);
        Assert.Contains("healthcheck:", compose, StringComparison.Ordinal);
        Assert.Contains("condition: service_healthy", compose, StringComparison.Ordinal);
        Assert.Contains("8080:8080", compose, StringComparison.Ordinal);
        Assert.Contains("Database__Provider: SqlServer", compose, StringComparison.Ordinal);
    }

    /// <summary>The folder holding HeadlessBlog.sln, found by walking up from the test binaries.</summary>
    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "HeadlessBlog.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains HeadlessBlog.sln.");
    }

    private static string? FindOnPath(string program)
    {
        var names = OperatingSystem.IsWindows() ? new[] { program + ".exe", program + ".cmd" } : [program];
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(folder => names.Select(name => Path.Combine(folder, name)))
            .FirstOrDefault(File.Exists);
    }
}
