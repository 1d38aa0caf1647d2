using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace HeadlessBlog.Api.ClientTests;

/// <summary>
/// The OpenAPI document that client teams generate code from passes a standard linter, Redocly CLI, with no errors.
/// The linter's version is pinned in tests/openapi-lint (package.json, package-lock.json), its rules in redocly.yaml there.
/// Warnings are written to the test output and allowed. Without Node.js the test is skipped, unless
/// <c>OPENAPI_LINT_REQUIRED=1</c> (set by .ci/run) makes that a failure.
/// </summary>
public sealed class OpenApiLintTests(ClientApiFactory factory, ITestOutputHelper output) : IClassFixture<ClientApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Document_HasNoLintErrors()
    {
        var linter = Redocly.Find();
        if (linter is null)
        {
            const string Missing = "Node.js (node and npx) is not on PATH: the OpenAPI document was not linted.";
            Assert.False(Environment.GetEnvironmentVariable("OPENAPI_LINT_REQUIRED") == "1", Missing);
            Assert.Skip(Missing);
        }

        var document = await factory.CreateClient().GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative), Ct);
        var path = Path.Combine(Path.GetTempPath(), $"headlessblog-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, document, Ct);
        try
        {
            var report = await linter.LintAsync(path, Ct);
            output.WriteLine($"{linter.Description}: {report.Errors} errors, {report.Warnings} warnings");
            foreach (var problem in report.Problems)
            {
                output.WriteLine(problem);
            }

            Assert.True(report.Errors == 0, $"The OpenAPI document has lint errors:\n{string.Join('\n', report.Problems.Where(p => p.StartsWith("error", StringComparison.Ordinal)))}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed record LintReport(int Errors, int Warnings, IReadOnlyList<string> Problems);

    /// <summary>How to run Redocly CLI here: the pinned install in tests/openapi-lint, else npx with the pinned version.</summary>
    private sealed record Redocly(string FileName, IReadOnlyList<string> Arguments, string Folder, string Description)
    {
        public static Redocly? Find()
        {
            var folder = Path.Combine(RepositoryRoot(), "tests", "openapi-lint");
            var installed = Path.Combine(folder, "node_modules", "@redocly", "cli", "bin", "cli.js");
            if (OnPath("node") is { } node && File.Exists(installed))
            {
                return new Redocly(node, [installed], folder, "Redocly CLI (tests/openapi-lint/node_modules)");
            }

            if (OnPath("npx") is { } npx)
            {
                using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "package.json")));
                var version = package.RootElement.GetProperty("devDependencies").GetProperty("@redocly/cli").GetString();
                return new Redocly(npx, ["--yes", $"@redocly/cli@{version}"], folder, $"Redocly CLI {version} (npx)");
            }

            return null;
        }

        public async Task<LintReport> LintAsync(string document, CancellationToken cancellationToken)
        {
            var start = new ProcessStartInfo(FileName)
            {
                WorkingDirectory = Folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in (string[])[.. Arguments, "lint", document, "--format=json", "--config", Path.Combine(Folder, "redocly.yaml")])
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["NO_COLOR"] = "1";
            start.Environment["REDOCLY_TELEMETRY"] = "off";
            start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(3));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var json = await stdout;
            var start0 = json.IndexOf('{', StringComparison.Ordinal);
            Assert.True(start0 >= 0, $"Redocly CLI printed no JSON report (exit code {process.ExitCode}):\n{json}\n{await stderr}");
            using var report = JsonDocument.Parse(json[start0..]);
            var totals = report.RootElement.GetProperty("totals");
            var problems = report.RootElement.GetProperty("problems").EnumerateArray().Select(Describe).ToList();
            return new LintReport(totals.GetProperty("errors").GetInt32(), totals.GetProperty("warnings").GetInt32(), problems);
        }

        private static string Describe(JsonElement problem)
        {
            var text = new StringBuilder();
            text.Append(problem.GetProperty("severity").GetString()).Append(' ');
            text.Append(problem.GetProperty("ruleId").GetString()).Append(": ");
            text.Append(problem.GetProperty("message").GetString());
            if (problem.TryGetProperty("location", out var locations) && locations.GetArrayLength() > 0
                && locations[0].TryGetProperty("pointer", out var pointer))
            {
                text.Append(" at ").Append(pointer.GetString());
            }

            return text.ToString();
        }

        private static string? OnPath(string command)
        {
            var names = OperatingSystem.IsWindows() ? new[] { command + ".cmd", command + ".exe" } : [command];
            return (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .SelectMany(folder => names.Select(name => Path.Combine(folder, name)))
                .FirstOrDefault(File.Exists);
        }

        private static string RepositoryRoot()
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "HeadlessBlog.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException($"No HeadlessBlog.sln above {AppContext.BaseDirectory}.");
        }
    }
}
