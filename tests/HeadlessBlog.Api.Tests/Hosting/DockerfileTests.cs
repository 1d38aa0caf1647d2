namespace HeadlessBlog.Api.Tests.Hosting;

/// <summary>How the image build emulation reads a Dockerfile and copies files, without running a build.</summary>
public sealed class DockerfileTests
{
    [Fact]
    public void FirstStageSteps_ContinuationsAndComments_JoinIntoOneInstruction()
    {
        var dockerfile = Dockerfile.Parse(
            "# syntax=docker/dockerfile:1\nFROM sdk AS build\nRUN dotnet publish \\\n    # a comment inside\n    -o /app/publish\n"
            + "FROM runtime AS final\nCOPY --from=build /app/publish .\n");

        var step = Assert.IsType<RunStep>(Assert.Single(dockerfile.FirstStageSteps()));

        Assert.Equal(3, step.Line);
        Assert.Equal("dotnet publish     -o /app/publish", step.Command);
        Assert.Equal(["/app/publish"], dockerfile.PathsCopiedOutOfFirstStage());
    }

    [Theory]
    [InlineData("ADD src/ ./src/")]
    [InlineData("COPY --from=tools /bin/tool /bin/")]
    [InlineData("ARG CONFIGURATION")]
    [InlineData("WORKDIR $HOME")]
    [InlineData("USER app")]
    [InlineData("RUN [\"dotnet\", \"publish\"]")]
    [InlineData("RUN --network=none dotnet publish")]
    public void FirstStageSteps_InstructionNotEmulated_Refuses(string instruction)
    {
        var dockerfile = Dockerfile.Parse($"FROM sdk\n{instruction}\nFROM runtime\nADD ignored /\n");

        var refusal = Assert.Throws<NotSupportedException>(() => dockerfile.FirstStageSteps());

        Assert.StartsWith($"Dockerfile line 2: {instruction}", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FirstStageSteps_EnvAndArgWithDefaults_BecomeVariables()
    {
        var dockerfile = Dockerfile.Parse("FROM sdk\nENV A=1 B=\"two words\"\nENV C three words\nARG D=Release\n");

        Assert.Equal(
            [new EnvStep(2, "A", "1"), new EnvStep(2, "B", "two words"), new EnvStep(3, "C", "three words"), new EnvStep(4, "D", "Release")],
            dockerfile.FirstStageSteps());
    }

    [Fact]
    public async Task Copy_FilesAndFolders_FollowDockersDestinationRulesAndDockerignore()
    {
        var context = Directory.CreateTempSubdirectory("headlessblog-context-");
        var image = Directory.CreateTempSubdirectory("headlessblog-image-");
        try
        {
            foreach (var file in (string[])["a.props", "b.props", "src/Api/Api.cs", "src/Api/bin/Api.dll"])
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(context.FullName, file))!);
                await File.WriteAllTextAsync(Path.Combine(context.FullName, file), file, TestContext.Current.CancellationToken);
            }

            var emulator = new BuildStageEmulator(context.FullName, image.FullName, DockerIgnore.Parse("**/bin/\nb.props"));
            foreach (var step in Dockerfile.Parse("FROM sdk\nWORKDIR /source\nCOPY *.props ./\nCOPY a.props renamed\nCOPY src/ ./src/\n").FirstStageSteps())
            {
                await emulator.ApplyAsync(step, TestContext.Current.CancellationToken);
            }

            var copied = Directory.EnumerateFiles(image.FullName, "*", SearchOption.AllDirectories)
                .Select(file => Path.GetRelativePath(image.FullName, file).Replace('\\', '/')).Order(StringComparer.Ordinal);
            Assert.Equal(["source/a.props", "source/renamed", "source/src/Api/Api.cs"], copied);
        }
        finally
        {
            context.Delete(recursive: true);
            image.Delete(recursive: true);
        }
    }
}
