using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OutputCaching;

namespace HeadlessBlog.Api.Tests.Architecture;

/// <summary>The folders of the web project show its architecture: shared folders never depend on feature folders.</summary>
public sealed partial class LayoutTests
{
    private static readonly string[] Features = ["Articles", "Audit", "Related", "Revisions", "Trash", "Tags", "Seeding", "Sync", "Webhooks", "Site", "Exports", "Imports"];
    private static readonly string[] Shared = ["Http", "Delivery", "Publishing", "Hosting", "Slugs", "Content", "Security", "Changes", "Telemetry"];

    [GeneratedRegex(@"\bHeadlessBlog\.Api\.(\w+)\b")]
    private static partial Regex ApiNamespace();

    private static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "HeadlessBlog.sln")))
        {
            directory = directory.Parent;
        }

        return directory!.FullName;
    }

    private static string ProjectFolder() => Path.Combine(Root(), "src", "HeadlessBlog.Api");

    /// <summary>The web project's folders (whatever they are called: a folder not named a feature is shared).</summary>
    private static List<string> Folders() =>
        Directory.EnumerateDirectories(ProjectFolder())
            .Select(path => Path.GetFileName(path)!)
            .Where(name => name is not ("bin" or "obj" or "Properties" or "data"))
            .ToList();

    private static IEnumerable<string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(Path.Combine(ProjectFolder(), folder), "*.cs", SearchOption.AllDirectories);

    [Fact]
    public void SharedFolders_NeverNameAFeatureNamespace()
    {
        var offences = Folders().Where(folder => !Features.Contains(folder)).SelectMany(SourceFiles)
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
        var folders = Folders();
        Assert.All(folders, name => Assert.Contains(name, Features.Concat(Shared)));

        foreach (var folder in folders)
        {
            Assert.All(SourceFiles(folder), file =>
                Assert.Contains($"namespace HeadlessBlog.Api.{folder};", File.ReadAllText(file), StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// Neither directly nor through a service that holds the store: no parameter of a feature's handlers (or of the
    /// services and parameter bundles they take) reaches <see cref="IOutputCacheStore"/>, and no feature file touches
    /// the output-cache feature of a request. Responses say what they contain; eviction happens after saves.
    /// </summary>
    [Fact]
    public void NoHandler_ReachesTheOutputCacheStore()
    {
        var assembly = typeof(Program).Assembly;
        var featureTypes = assembly.GetTypes()
            .Where(type => Features.Any(feature => type.Namespace == $"HeadlessBlog.Api.{feature}"));
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var offences = featureTypes
            .SelectMany(type => type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all))
                .SelectMany(member => member.GetParameters())
                .Where(parameter => ReachesStore(parameter.ParameterType, assembly, depth: 0))
                .Select(parameter => $"{type.Name}.{parameter.Member.Name}({parameter.ParameterType.Name} {parameter.Name})"))
            .Concat(Folders().Where(Features.Contains).SelectMany(SourceFiles)
                .Where(file => File.ReadAllText(file).Contains("IOutputCache", StringComparison.Ordinal))
                .Select(file => Path.GetRelativePath(ProjectFolder(), file)))
            .Distinct()
            .ToList();

        Assert.NotEmpty(featureTypes);
        Assert.True(offences.Count == 0, string.Join('\n', offences));
    }

    private static bool ReachesStore(Type type, Assembly assembly, int depth) =>
        type == typeof(IOutputCacheStore)
        || (depth < 3 && type.Assembly == assembly && !type.IsEnum
            && type.GetConstructors().SelectMany(constructor => constructor.GetParameters()).Select(p => p.ParameterType)
                .Concat(type.GetProperties().Select(property => property.PropertyType))
                .Any(inner => ReachesStore(inner, assembly, depth + 1)));

    /// <summary>The README's layout section lists exactly the folders that exist: web project, projects, bench tools.</summary>
    [Fact]
    public void ReadmeLayout_ListsExactlyTheFoldersThatExist()
    {
        var readme = File.ReadAllText(Path.Combine(Root(), "README.md"));
        var section = readme[readme.IndexOf("## Project layout", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];

        string[] Listed(string pattern) =>
            [.. Regex.Matches(section, pattern, RegexOptions.Multiline).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal)];
        string[] Existing(string folder) =>
            [.. Directory.EnumerateDirectories(Path.Combine(Root(), folder)).Select(path => Path.GetFileName(path)!)
                .Where(name => name is not ("bin" or "obj")).Order(StringComparer.Ordinal)];

        Assert.Equal([.. Folders().Order(StringComparer.Ordinal)], Listed(@"^ {4}(\w+)/"));
        Assert.Equal(Existing("src"), Listed(@"^src/([\w.]+)/"));
        Assert.Equal(Existing("tests"), Listed(@"^tests/([\w.-]+)/"));
        Assert.Equal(Existing("bench"), Listed(@"^ {2}(HeadlessBlog\.Bench\.\w+)/"));
    }

    /// <summary>Every hand-written file under src/ (generated migrations and the demo seed text are not).</summary>
    [Fact]
    public void NoSourceFile_IsOverThreeHundredLines()
    {
        var src = Path.Combine(Root(), "src");
        var separator = Path.DirectorySeparatorChar;
        var longFiles = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{separator}bin{separator}", StringComparison.Ordinal)
                && !file.Contains($"{separator}obj{separator}", StringComparison.Ordinal)
                && !file.Contains($"{separator}Migrations{separator}", StringComparison.Ordinal)
                && !file.EndsWith($"{separator}DemoContent.cs", StringComparison.Ordinal))
            .Select(file => (File: Path.GetRelativePath(src, file), Lines: File.ReadAllLines(file).Length))
            .Where(f => f.Lines > 300)
            .ToList();

        Assert.NotEmpty(Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories));
        Assert.True(longFiles.Count == 0, string.Join('\n', longFiles.Select(f => $"{f.File}: {f.Lines} lines")));
    }
}
