using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Changes;

/// <summary>
/// A write and its events commit together or not at all: a trigger makes the database refuse the events of articles
/// whose slug starts with "refused-", and the write must then leave nothing behind.
/// </summary>
public sealed class ChangeAtomicityOnSqlite(SqliteApiFactory factory) : ChangeLogTestBase<SqliteApiFactory>(factory)
{
    private async Task RefuseEventsOfRefusedSlugsAsync()
    {
        _ = Client;
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
        await db.Database.ExecuteSqlRawAsync(
            "CREATE TRIGGER IF NOT EXISTS RefuseEvents BEFORE INSERT ON ContentChanges WHEN NEW.Slug LIKE 'refused-%' "
            + "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END", Ct);
    }

    [Fact]
    public async Task Create_WhoseEventsAreRefused_LeavesNeitherTheArticleNorAnEvent()
    {
        await RefuseEventsOfRefusedSlugsAsync();
        var head = await HeadAsync();
        var slug = Unique("refused-");

        var response = await Client.PostAsJsonAsync("/api/articles", new { title = "Refused", slug, body = "x", status = "published" }, Ct);

        await ReadProblemAsync(response, HttpStatusCode.InternalServerError);
        var all = await Editor.GetFromJsonAsync<PagedResponse<ArticleSummary>>("/api/articles?status=all&pageSize=100", Ct);
        Assert.DoesNotContain(all!.Items, a => a.Slug == slug);
        Assert.Empty(await AllEventsAsync(head));
    }

    [Fact]
    public async Task Update_WhoseEventsAreRefused_LeavesTheArticleAsItWas()
    {
        await RefuseEventsOfRefusedSlugsAsync();
        var article = await CreatePublishedArticleAsync();
        var head = await HeadAsync();

        var response = await Client.PutAsJsonAsync(
            $"/api/articles/{article.Id}", new { title = "Changed", slug = Unique("refused-"), body = "x", status = "draft" }, Ct);

        await ReadProblemAsync(response, HttpStatusCode.InternalServerError);
        var stored = await Editor.GetFromJsonAsync<ArticleResponse>($"/api/articles/{article.Id}", Ct);
        Assert.Equal((article.Title, article.Slug, article.Version), (stored!.Title, stored.Slug, stored.Version));
        Assert.Empty(await AllEventsAsync(head));
    }
}
