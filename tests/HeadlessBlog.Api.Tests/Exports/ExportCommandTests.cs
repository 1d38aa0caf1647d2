using System.Net.Http.Json;
using System.Text.Json;
using HeadlessBlog.Api.Exports;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Data;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace HeadlessBlog.Api.Tests.Exports;

/// <summary>
/// <c>export FILE</c>, run in-process against the test database: the same document as <c>GET /api/export</c> in a
/// file, progress as plain lines (or a bar on a terminal), exit codes 1 and 2 with a clear message.
/// </summary>
public sealed class ExportCommandTests(SqliteApiFactory factory) : ApiTestBase<SqliteApiFactory>(factory), IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("headlessblog-export-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<(int Exit, string Output, string Error)> RunAsync(IAnsiConsole? terminal, params string[] args)
    {
        await using var output = new StringWriter();
        await using var error = new StringWriter();
        await using var scope = Factory.Services.CreateAsyncScope();
        var exit = await ExportCommand.RunAsync(
            args, scope.ServiceProvider.GetRequiredService<BlogDbContext>(), Factory.Clock, terminal, output, error, Ct);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Export_WritesTheDocumentOfTheApiToTheFile_WithProgressLines()
    {
        var tag = Unique("Cli ");
        var draft = await CreateArticleAsync(new { title = Unique("Cli draft "), body = "Draft.", tags = new[] { tag } });
        var published = await CreatePublishedArticleAsync(tags: [tag], related: [draft.Id]);
        var path = Path.Combine(_folder, "blog.json");

        var (exit, output, error) = await RunAsync(null, "export", path);

        Assert.True(exit == 0, error);
        Assert.Equal("", error);
        await using var file = File.OpenRead(path);
        var document = (await JsonSerializer.DeserializeAsync(file, ExportJsonContext.Default.ExportDocument, Ct))!;
        using var response = await Factory.CreateKeyClient(Factory.ReadKey).GetAsync("/api/export", Ct);
        var viaHttp = (await response.Content.ReadFromJsonAsync(ExportJsonContext.Default.ExportDocument, Ct))!;
        Assert.Equal(("headlessblog", 1), (document.Format, document.Version));
        var fromFile = Assert.Single(document.Articles, a => a.Slug == published.Slug);
        Assert.Equal([draft.Slug], fromFile.Related);
        Assert.Equal(Assert.Single(viaHttp.Articles, a => a.Slug == published.Slug) with { Tags = [], Related = [] }, fromFile with { Tags = [], Related = [] });
        Assert.Equal("draft", Assert.Single(document.Articles, a => a.Slug == draft.Slug).Status);
        Assert.Equal(viaHttp.Articles.Count, document.Articles.Count);
        Assert.Equal(viaHttp.Tags, document.Tags);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches(@"^Exported (\d+) of \1 articles$", lines[^2]);
        Assert.StartsWith($"Exported {document.Articles.Count} articles, {document.Tags.Count} tags and {document.Redirects.Count} redirects to {path} (", lines[^1], StringComparison.Ordinal);
        Assert.Equal(["blog.json"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Export_OnATerminal_DrawsAProgressBar()
    {
        await CreatePublishedArticleAsync();
        var path = Path.Combine(_folder, "bar.json");
        await using var screen = new StringWriter();
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(screen),
        });

        var (exit, output, error) = await RunAsync(terminal, "export", path);

        Assert.True(exit == 0, error);
        Assert.Contains("Exporting articles", screen.ToString(), StringComparison.Ordinal);
        Assert.Contains("100%", screen.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(" of ", output, StringComparison.Ordinal);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Export_ToAFolderThatDoesNotExist_Exits1WithAClearMessage()
    {
        _ = Client;
        var path = Path.Combine(_folder, "missing", "blog.json");

        var (exit, _, error) = await RunAsync(null, "export", path);

        Assert.Equal(1, exit);
        Assert.Equal($"Cannot write {path}: the folder {Path.Combine(_folder, "missing")} does not exist.", error.Trim());
    }

    [Fact]
    public async Task Export_OverAFolder_Exits1_AndLeavesNoPartialFile()
    {
        _ = Client;
        var path = Path.Combine(_folder, "taken");
        Directory.CreateDirectory(path);

        var (exit, _, error) = await RunAsync(null, "export", path);

        Assert.Equal(1, exit);
        Assert.StartsWith($"Cannot write {path}: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain(".partial", error, StringComparison.Ordinal);
        Assert.Equal(["taken"], Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData]
    [InlineData("--format", "json")]
    [InlineData("a.json", "b.json")]
    public async Task Export_WithoutExactlyOneFile_Exits2WithTheUsage(params string[] rest)
    {
        _ = Client;

        var (exit, output, error) = await RunAsync(null, ["export", .. rest]);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("export <file>", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }
}
