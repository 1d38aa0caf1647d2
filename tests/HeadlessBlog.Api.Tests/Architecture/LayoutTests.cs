using System.Text.RegularExpressions;

namespace HeadlessBlog.Api.Tests.Architecture;

/// <summary>The folders of the web project show its architecture: shared folders never depend on feature folders.</summary>
public sealed partial class LayoutTests
{
    private static readonly string[] Features = ["Articles", "Related", "Tags", "Seeding"];
    private static readonly string[] Shared = ["Http", "Delivery", "Publishing", "Hosting", "Slugs", "Content", "Security"];

    [GeneratedRegex(@"\bHeadlessBlog\.Api\.(\w+)\b")]
    private static partial Regex ApiNamespace();

    private static string ProjectFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "HeadlessBlog.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory!.FullName, "src", "HeadlessBlog.Api");
    }

    private static IEnumerable<string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(Path.Combine(ProjectFolder(), folder), "*.cs", SearchOption.AllDirectories);

    [Fact]
    public void SharedFolders_NeverNameAFeatureNamespace()
    {
        var offences = Shared.SelectMany(SourceFiles)
            .SelectMany(file => ApiNamespace().Matches(File.ReadAllText(file))
                .Select(m => m.Groups[1].Value)
                .Where(Features.Contains)
                .Select(feature => $"{Path.GetRelativePath(ProjectFolder(), file)} uses HeadlessBlog.Api.{feature}"))
            .Distinct()
            .ToList();

        Assert.True(offences.Count == 0, string.Join('\n', offences));
    }

    [Fact]
    public void EveryFolder_IsAFeatureOrASharedFolder_AndEachFileDeclaresItsFoldersNamespace()
    {
        var folders = Directory.EnumerateDirectories(ProjectFolder())
            .Select(Path.GetFileName)
            .Where(name => name is not ("bin" or "obj" or "Properties"))
            .ToList();
        Assert.All(folders, name => Assert.Contains(name, Features.Concat(Shared)));

        foreach (var folder in folders)
        {
            Assert.All(SourceFiles(folder!), file =>
                Assert.Contains($"namespace HeadlessBlog.Api.{folder};", File.ReadAllText(file), StringComparison.Ordinal));
        }
    }

    [Fact]
    public void NoHandler_CallsTheOutputCacheStore()
    {
        var offences = Features.SelectMany(SourceFiles)
            .Where(file => File.ReadAllText(file).Contains("IOutputCacheStore", StringComparison.Ordinal)
                || File.ReadAllText(file).Contains("EvictByTag", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(offences);
    }

    [Fact]
    public void NoSourceFile_IsOverThreeHundredLines()
    {
        var root = ProjectFolder();
        var longFiles = Features.Concat(Shared).SelectMany(SourceFiles)
            .Concat(Directory.EnumerateFiles(root, "*.cs"))
            .Where(file => !file.EndsWith("DemoContent.cs", StringComparison.Ordinal))
            .Select(file => (File: Path.GetRelativePath(root, file), Lines: File.ReadAllLines(file).Length))
            .Where(f => f.Lines > 300)
            .ToList();

        Assert.True(longFiles.Count == 0, string.Join('\n', longFiles.Select(f => $"{f.File}: {f.Lines} lines")));
    }
}
