using HeadlessBlog.Api.Imports;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Imports;

public sealed class ImportCommandOnSqlite(ImportSqliteFactory factory) : ImportCommandTests<ImportSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ImportCommandOnSqlServer(ImportSqlServerFactory factory) : ImportCommandTests<ImportSqlServerFactory>(factory);

/// <summary><c>import FILE</c> from the command line, against this class's database.</summary>
public abstract class ImportCommandTests<TFactory>(TFactory factory) : ImportTestBase<TFactory>(factory)
    where TFactory : ApiFactory, IImportFactory
{
    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        Assert.SkipWhen(Factory.UnavailableReason is not null, Factory.UnavailableReason ?? "");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ImportCommand.RunAsync(["import", .. args], Factory.Services, terminal: null, output, error, Ct);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Import_OfTheGhostFixture_WritesEveryPost_WithPlainProgressLines()
    {
        var (code, output, error) = await RunAsync(SharedFixtures.PathOf("ghost-5-export.json"), "--format", "ghost");

        Assert.True(code == 0, error);
        Assert.Contains("Imported 12 of 12 articles", output, StringComparison.Ordinal);
        Assert.Contains("Created 12 and updated 0 of 12 articles (ghost); 2 items skipped", output, StringComparison.Ordinal);
        Assert.Contains("Skipped about: A Ghost page", output, StringComparison.Ordinal);
        Assert.Equal(["AI", "Open Source"], (await ArticleAsync("open-models-explained")).Tags.Select(t => t.Name));
    }

    [Fact]
    public async Task DryRun_WithUpdate_ChangesNothing()
    {
        var file = Path.Combine(Path.GetTempPath(), Unique("wxr") + ".xml");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Imports", "Files", "wordpress-export.xml"), file);
        try
        {
            var (code, output, _) = await RunAsync(file, "--dry-run", "--on-conflict", "update");

            Assert.Equal(0, code);
            Assert.Contains("Checked 5 of 5 articles", output, StringComparison.Ordinal);
            Assert.Contains("Dry run, nothing written: would have created", output, StringComparison.Ordinal);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await Editor.GetAsync("/api/articles/slug/wp-rust-at-work", Ct)).StatusCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData]
    [InlineData("file.json", "--format", "medium")]
    [InlineData("file.json", "--on-conflict", "overwrite")]
    [InlineData("file.json", "--verbose")]
    public async Task BadArguments_PrintUsage_AndExit2(params string[] args)
    {
        var (code, _, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains("import <file>", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileThatIsNotAnExport_Exits1_WithTheReason()
    {
        var file = Path.Combine(Path.GetTempPath(), Unique("bad") + ".json");
        await File.WriteAllTextAsync(file, "{\"db\": [", Ct);
        try
        {
            var (code, _, error) = await RunAsync(file);

            Assert.Equal(1, code);
            Assert.Contains("not valid JSON", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
