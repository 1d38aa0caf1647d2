using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HeadlessBlog.Api.Audit;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Imports;
using HeadlessBlog.Api.Revisions;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Sync;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Imports;

public sealed class ImportActorOnSqlite(ImportSqliteFactory factory) : ImportActorTests<ImportSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ImportActorOnSqlServer(ImportSqlServerFactory factory) : ImportActorTests<ImportSqlServerFactory>(factory);

/// <summary>Who an import's writes are by: the key that sent the file, or the command line, though no request is under way.</summary>
public abstract class ImportActorTests<TFactory>(TFactory factory) : ImportTestBase<TFactory>(factory)
    where TFactory : ApiFactory, IImportFactory
{
    [Fact]
    public async Task ImportThroughTheApi_NamesTheKeyThatSentTheFile_InTheChangeLogTheAuditLogAndTheRevisions()
    {
        Assert.SkipWhen(Factory.UnavailableReason is not null, Factory.UnavailableReason ?? "");
        var name = Unique("Importer ");
        var (keyId, key) = await KeyCommandLine.CreateKeyAsync(Factory, name, Scopes.Write);
        using var importer = Factory.CreateKeyClient(key);
        var slug = Unique("imported-by-key-").ToLowerInvariant();

        var report = await ImportAsync(Factory, importer, Export(slug));

        Assert.Equal(ImportStatuses.Succeeded, report.Status);
        Assert.Equal(1, report.Created);
        var article = await ArticleAsync(slug);
        var revision = Assert.Single(await RevisionsAsync(article.Id));
        Assert.Equal(new RevisionActor(keyId, name), revision.Actor);
        var events = (await ChangesAsync()).Where(c => c.Entity == "article" && c.EntityId == article.Id).ToList();
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal(new ChangeActor(keyId, name), e.Actor));
        var entries = await AuditAsync(article.Id);
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.Equal(new AuditActor(keyId, name), e.Actor));
    }

    [Fact]
    public async Task ImportFromTheCommandLine_NamesTheCommandLine_InTheRevisions()
    {
        Assert.SkipWhen(Factory.UnavailableReason is not null, Factory.UnavailableReason ?? "");
        var slug = Unique("imported-by-cli-").ToLowerInvariant();
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, Export(slug), Ct);
            await using var output = new StringWriter();
            await using var error = new StringWriter();

            var code = await ImportCommand.RunAsync(["import", file], Factory.Services, terminal: null, output, error, Ct);

            Assert.True(code == 0, error.ToString());
        }
        finally
        {
            File.Delete(file);
        }

        var article = await ArticleAsync(slug);
        var revision = Assert.Single(await RevisionsAsync(article.Id));
        Assert.Equal(new RevisionActor(null, ImportCommand.Actor), revision.Actor);
    }

    /// <summary>A HeadlessBlog export of one published article.</summary>
    private static string Export(string slug) => new JsonObject
    {
        ["format"] = "headlessblog",
        ["version"] = 1,
        ["exportedAt"] = "2026-01-06T09:00:00Z",
        ["tags"] = new JsonArray(),
        ["articles"] = new JsonArray(new JsonObject
        {
            ["slug"] = slug,
            ["title"] = "Title of " + slug,
            ["body"] = "Imported **as written**.",
            ["status"] = "published",
            ["publishedAt"] = "2026-01-05T08:00:00Z",
            ["createdAt"] = "2026-01-04T08:00:00Z",
            ["updatedAt"] = "2026-01-05T08:00:00Z",
            ["tags"] = new JsonArray(),
            ["related"] = new JsonArray(),
        }),
        ["redirects"] = new JsonArray(),
    }.ToJsonString();

    private async Task<List<RevisionSummary>> RevisionsAsync(int articleId)
    {
        var response = await Editor.GetAsync($"/api/articles/{articleId}/revisions?pageSize=100", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return [.. (await response.Content.ReadFromJsonAsync<PagedResponse<RevisionSummary>>(Ct))!.Items];
    }

    /// <summary>The whole change log, oldest first.</summary>
    private async Task<List<ChangeEvent>> ChangesAsync()
    {
        var (events, after, more) = (new List<ChangeEvent>(), 0L, true);
        while (more)
        {
            var page = (await Editor.GetFromJsonAsync<ChangePage>($"/api/changes?after={after}&limit=500", Ct))!;
            events.AddRange(page.Items);
            (after, more) = (page.Last, page.HasMore);
        }

        return events;
    }

    private async Task<IReadOnlyList<AuditEntryResponse>> AuditAsync(int articleId)
    {
        var (_, key) = await KeyCommandLine.CreateKeyAsync(Factory, Unique("Auditor "), Scopes.ReadAudit);
        using var auditor = Factory.CreateKeyClient(key, ifMatch: false);
        var page = await auditor.GetFromJsonAsync<PagedResponse<AuditEntryResponse>>($"/api/audit?entity=article&entityId={articleId}&pageSize=100", Ct);
        return page!.Items;
    }
}
