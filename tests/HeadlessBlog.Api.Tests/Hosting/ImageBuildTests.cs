namespace HeadlessBlog.Api.Tests.Hosting;

/// <summary>
/// The API image's build stage, emulated offline from the Dockerfile's own instructions: a fresh folder stands in for
/// the image and receives only what the stage copies from the build context, then the stage's RUN lines run there.
/// </summary>
public sealed class ImageBuildTests
{
    private const string DockerfilePath = "src/HeadlessBlog.Api/Dockerfile";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DockerfileBuildStage_FromOnlyTheFilesItCopies_RestoresAndPublishes()
    {
        var context = RepositoryRoot();
        var dockerfile = Dockerfile.Parse(await File.ReadAllTextAsync(Path.Combine(context, DockerfilePath), Ct));
        var steps = dockerfile.FirstStageSteps();
        var published = dockerfile.PathsCopiedOutOfFirstStage();
        Assert.Contains(steps, step => step is RunStep);
        Assert.NotEmpty(published);

        var dockerignore = Path.Combine(context, ".dockerignore");
        var ignore = DockerIgnore.Parse(File.Exists(dockerignore) ? await File.ReadAllTextAsync(dockerignore, Ct) : "");
        var image = Directory.CreateTempSubdirectory("headlessblog-image-");
        try
        {
            var emulator = new BuildStageEmulator(context, image.FullName, ignore);
            foreach (var step in steps)
            {
                if (await emulator.ApplyAsync(step, Ct) is { } run)
                {
                    Assert.True(run.ExitCode == 0,
                        $"{DockerfilePath} line {step.Line}: RUN {((RunStep)step).Command.Trim()}\nexited with {run.ExitCode}; its last lines:\n{run.Tail(80)}");
                }
            }

            Assert.Contains(published, path => File.Exists(Path.Combine(emulator.HostPath(path), "HeadlessBlog.Api.dll")));
        }
        finally
        {
            image.Delete(recursive: true);
        }
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
}
