using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Sync;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Sync;

public sealed class SyncOnSqlite(SqliteApiFactory factory) : SyncTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class SyncOnSqlServer(SqlServerApiFactory factory) : SyncTests<SqlServerApiFactory>(factory);

/// <summary>GET /api/sync: an initial sync of what the view may see, then deltas with deletions, never a 500.</summary>
public abstract class SyncTests<TFactory>(TFactory factory) : SyncTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    private static object Draft() => new { title = Unique("Draft "), body = "Draft body." };

    [Fact]
    public async Task InitialSync_Anonymous_ListsVisibleArticlesWithBodiesAndTags_NotDraftsOrScheduled()
    {
        var tag = await CreateTagAsync();
        var published = await CreatePublishedArticleAsync(tags: [tag.Name]);
        var draft = await CreateArticleAsync(Draft());
        var scheduled = await CreateArticleAsync(new { title = Unique("Later "), body = "x", status = "published", publishedAt = Factory.Clock.GetUtcNow().AddHours(1) });
        var store = new Store();

        await SyncAsync(Factory.CreateAnonymousClient(), store, limit: 3);

        var item = store.Entries[("article", published.Id)];
        Assert.Equal(published.Slug, item.Slug);
        Assert.Equal("Some **Markdown** body.", item.Data!.Value.GetProperty("body").GetString());
        Assert.Equal(tag.Slug, item.Data!.Value.GetProperty("tags")[0].GetProperty("slug").GetString());
        Assert.DoesNotContain(("article", draft.Id), store.Entries.Keys);
        Assert.DoesNotContain(("article", scheduled.Id), store.Entries.Keys);
        Assert.Contains(("tag", tag.Id), store.Entries.Keys);
    }

    [Fact]
    public async Task InitialSync_WithAReadKey_ListsDraftsToo()
    {
        _ = Client;
        var draft = await CreateArticleAsync(Draft());
        var store = new Store();

        await SyncAsync(Factory.CreateKeyClient(Factory.ReadKey), store);

        Assert.Contains(("article", draft.Id), store.Entries.Keys);
    }

    [Fact]
    public async Task Delta_ListsEachChangedArticleOnceAtItsStateNow_AndHiddenOrDeletedOnesAsDeletes()
    {
        var edited = await CreatePublishedArticleAsync();
        var unpublished = await CreatePublishedArticleAsync();
        var deleted = await CreatePublishedArticleAsync();
        var anonymous = Factory.CreateAnonymousClient();
        var store = new Store();
        await SyncAsync(anonymous, store);

        var newTitle = edited.Title + " (edited twice)";
        await PutAsync(edited.Id, new { title = edited.Title + " (edited)", body = "b", status = "published", publishedAt = edited.PublishedAt });
        await PutAsync(edited.Id, new { title = newTitle, body = "b", status = "published", publishedAt = edited.PublishedAt });
        await PutAsync(unpublished.Id, new { title = unpublished.Title, body = "b", status = "draft" });
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/articles/{deleted.Id}", Ct)).StatusCode);
        var created = await CreatePublishedArticleAsync();
        var draft = await CreateArticleAsync(Draft());

        var delta = await SyncAsync(anonymous, store);

        var ofEdited = Assert.Single(delta, i => i.Kind == "article" && i.Id == edited.Id);
        Assert.Equal(newTitle, ofEdited.Data!.Value.GetProperty("title").GetString());
        Assert.Equal("delete", Assert.Single(delta, i => i.Kind == "article" && i.Id == unpublished.Id).Op);
        var ofDeleted = Assert.Single(delta, i => i.Kind == "article" && i.Id == deleted.Id);
        Assert.Equal(("delete", deleted.Slug), (ofDeleted.Op, ofDeleted.Slug));
        Assert.Equal("upsert", Assert.Single(delta, i => i.Kind == "article" && i.Id == created.Id).Op);
        Assert.DoesNotContain(delta, i => i.Kind == "article" && i.Id == draft.Id);
        Assert.DoesNotContain(("article", unpublished.Id), store.Entries.Keys);
    }

    [Fact]
    public async Task Delta_ScheduledArticle_AppearsOnceItsTimeHasPassed()
    {
        var anonymous = Factory.CreateAnonymousClient();
        var scheduled = await CreateArticleAsync(new { title = Unique("Later "), body = "x", status = "published", publishedAt = Factory.Clock.GetUtcNow().AddMinutes(30) });
        var store = new Store();
        await SyncAsync(anonymous, store);
        Assert.DoesNotContain(("article", scheduled.Id), store.Entries.Keys);

        Factory.Clock.Advance(TimeSpan.FromMinutes(31));
        await RunChangeWorkerAsync();
        var delta = await SyncAsync(anonymous, store);

        Assert.Equal("upsert", Assert.Single(delta, i => i.Kind == "article" && i.Id == scheduled.Id).Op);
    }

    [Fact]
    public async Task Delta_SlugChange_IsAnUpsertWithTheNewSlug()
    {
        var article = await CreatePublishedArticleAsync();
        var anonymous = Factory.CreateAnonymousClient();
        var store = new Store();
        await SyncAsync(anonymous, store);
        var slug = Unique("renamed-");

        await PutAsync(article.Id, new { title = article.Title, slug, body = "b", status = "published", publishedAt = article.PublishedAt });
        var delta = await SyncAsync(anonymous, store);

        var item = Assert.Single(delta, i => i.Kind == "article" && i.Id == article.Id);
        Assert.Equal(("upsert", slug), (item.Op, item.Slug));
    }

    [Fact]
    public async Task Delta_TagRenamed_UpsertsTheArticlesCarryingItWithTheNewName()
    {
        var tag = await CreateTagAsync();
        var article = await CreatePublishedArticleAsync(tags: [tag.Name]);
        var anonymous = Factory.CreateAnonymousClient();
        var store = new Store();
        await SyncAsync(anonymous, store);
        var name = Unique("Renamed ");

        Assert.Equal(HttpStatusCode.OK, (await Client.PutAsJsonAsync($"/api/tags/{tag.Id}", new { name, slug = tag.Slug }, Ct)).StatusCode);
        var delta = await SyncAsync(anonymous, store);

        var item = Assert.Single(delta, i => i.Kind == "article" && i.Id == article.Id);
        Assert.Equal(name, item.Data!.Value.GetProperty("tags")[0].GetProperty("name").GetString());
        Assert.Equal(name, Assert.Single(delta, i => i.Kind == "tag" && i.Id == tag.Id).Data!.Value.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Delta_TagRenamedAndDeleted_AreAnUpsertThenADelete()
    {
        var tag = await CreateTagAsync();
        var anonymous = Factory.CreateAnonymousClient();
        var store = new Store();
        await SyncAsync(anonymous, store);

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/tags/{tag.Id}", Ct)).StatusCode);
        var delta = await SyncAsync(anonymous, store);

        Assert.Equal("delete", Assert.Single(delta, i => i.Kind == "tag" && i.Id == tag.Id).Op);
    }

    [Theory]
    [InlineData("markdown", "Body", "BodyHtml")]
    [InlineData("html", "BodyHtml", "BodyPlainText")]
    public async Task Sync_ReadsOnlyTheBodiesOfTheChosenFormats(string formats, string read, string notRead)
    {
        await CreatePublishedArticleAsync();
        Factory.Commands.Reset();

        var response = await Factory.CreateAnonymousClient().GetAsync($"/api/sync?limit=1&formats={formats}", Ct);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        string Quoted(string column) => Factory.Provider == "SqlServer" ? $"[{column}]" : $"\"{column}\"";
        var articles = Assert.Single(Factory.Commands.Queries, q => q.Contains(Quoted("Version"), StringComparison.Ordinal));
        Assert.Contains(Quoted(read), articles, StringComparison.Ordinal);
        Assert.DoesNotContain(Quoted(notRead), articles, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delta_WithNothingNew_CostsOneQuery()
    {
        var anonymous = Factory.CreateAnonymousClient();
        var store = new Store();
        await SyncAsync(anonymous, store);

        Factory.Commands.Reset();
        var page = await GetPageAsync(anonymous, store.Token);

        Assert.Empty(page.Items);
        Assert.False(page.HasMore);
        Assert.Equal(1, Factory.Commands.Count);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("token=not-a-token", "token")]
    [InlineData("token=%F0%9F%98%80", "token")]
    [InlineData("formats=pdf", "formats")]
    public async Task Sync_WithBadInput_Returns400NamingTheField(string query, string field)
    {
        var response = await Factory.CreateAnonymousClient().GetAsync($"/api/sync?{query}", Ct);

        await AssertValidationErrorsAsync(response, field);
    }

    [Fact]
    public async Task Sync_EditorTokenWithoutAKey_Returns401()
    {
        _ = Client;
        var page = await GetPageAsync(Factory.CreateKeyClient(Factory.ReadKey), null);

        var response = await Factory.CreateAnonymousClient().GetAsync($"/api/sync?token={Uri.EscapeDataString(page.NextToken)}", Ct);

        await ReadProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Sync_TokenOlderThanTheRetention_Returns410()
    {
        _ = Client;
        var old = new SyncToken(false, false, 0, SyncKinds.Article, 0, Factory.Clock.GetUtcNow().UtcDateTime.AddDays(-91)).Encode();

        var response = await Factory.CreateAnonymousClient().GetAsync($"/api/sync?token={old}", Ct);

        await ReadProblemAsync(response, HttpStatusCode.Gone);
    }
}
