using System.Net.Http.Json;
using HeadlessBlog.Api.Changes;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Changes;

public sealed class ChangeLogWritesOnSqlite(SqliteApiFactory factory) : ChangeLogWriteTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ChangeLogWritesOnSqlServer(SqlServerApiFactory factory) : ChangeLogWriteTests<SqlServerApiFactory>(factory);

/// <summary>Every write of articles, links and tags records its events, with the key that made it and the fields it set.</summary>
public abstract class ChangeLogWriteTests<TFactory>(TFactory factory) : ChangeLogTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Create_PublishedArticle_RecordsCreatedThenPublished_WithTheKeyAndTheFieldsGiven()
    {
        var article = await CreatePublishedArticleAsync(tags: [Unique("Tag ")]);

        var events = await EventsOfAsync("article", article.Id);

        Assert.Equal([ChangeTypes.ArticleCreated, ChangeTypes.ArticlePublished], events.Select(e => e.Type));
        Assert.All(events, e =>
        {
            Assert.Equal(article.Slug, e.Slug);
            Assert.Null(e.PreviousSlug);
            Assert.False(e.WasVisible);
            Assert.True(e.Visible);
            Assert.NotNull(e.Actor);
            Assert.Equal("Test editor", e.Actor!.Name);
            Assert.Equal(["title", "slug", "body", "status", "publishedAt", "tags"], e.ChangedFields);
            Assert.Equal(article.Tags.Select(t => t.Slug), e.Tags!);
            Assert.Empty(e.PreviousTags!);
        });
        Assert.True(events[0].Id < events[1].Id);
    }

    [Fact]
    public async Task Update_WithOtherTags_RecordsTheTagsBeforeAndAfter_AndAnEditKeepingThemRecordsThemAsBoth()
    {
        var article = await CreatePublishedArticleAsync(tags: [Unique("Tag "), Unique("Tag ")]);
        var retagged = await PutAsync(article.Id, new { title = article.Title, body = "x", status = "published", publishedAt = article.PublishedAt, tags = new[] { article.Tags[1].Name } });
        await PutAsync(article.Id, new { title = article.Title + "!", body = "x", status = "published", publishedAt = article.PublishedAt, tags = new[] { article.Tags[1].Name } });

        var updates = (await EventsOfAsync("article", article.Id)).Where(e => e.Type == ChangeTypes.ArticleUpdated).ToList();

        Assert.Equal(2, updates.Count);
        Assert.Equal(article.Tags.Select(t => t.Slug), updates[0].PreviousTags!);
        Assert.Equal(retagged.Tags.Select(t => t.Slug), updates[0].Tags!);
        Assert.Equal(updates[0].Tags!, updates[1].PreviousTags!);
        Assert.Equal(updates[0].Tags!, updates[1].Tags!);
        Assert.Null((await EventsOfAsync("tag", article.Tags[0].Id)).Single().Tags);
    }

    [Fact]
    public async Task Create_Draft_RecordsCreatedOnly_NotVisible()
    {
        var article = await CreateArticleAsync(new { title = Unique("Draft "), body = "x" });

        var change = Assert.Single(await EventsOfAsync("article", article.Id));

        Assert.Equal(ChangeTypes.ArticleCreated, change.Type);
        Assert.False(change.WasVisible);
        Assert.False(change.Visible);
    }

    [Fact]
    public async Task Update_OnlyTheTitle_RecordsUpdatedNamingOnlyTheTitle()
    {
        var article = await CreatePublishedArticleAsync();
        var head = await HeadAsync();

        await PutAsync(article.Id, new { title = article.Title + " (revised)", body = "Some **Markdown** body.", status = "published", publishedAt = article.PublishedAt });

        var change = Assert.Single(await AllEventsAsync(head), e => e.EntityId == article.Id && e.Entity == "article");
        Assert.Equal(ChangeTypes.ArticleUpdated, change.Type);
        Assert.Equal(["title"], change.ChangedFields);
        Assert.True(change.WasVisible);
        Assert.True(change.Visible);
    }

    [Fact]
    public async Task Update_NewSlug_RecordsThePreviousSlug()
    {
        var article = await CreatePublishedArticleAsync();
        var head = await HeadAsync();
        var slug = Unique("moved-");

        await PutAsync(article.Id, new { title = article.Title, slug, body = "Some **Markdown** body.", status = "published", publishedAt = article.PublishedAt });

        var change = Assert.Single(await AllEventsAsync(head), e => e.EntityId == article.Id && e.Entity == "article");
        Assert.Equal(slug, change.Slug);
        Assert.Equal(article.Slug, change.PreviousSlug);
        Assert.Equal(["slug"], change.ChangedFields);
    }

    [Theory]
    [InlineData("draft", null)]
    [InlineData("published", "2999-01-01T00:00:00Z")]
    public async Task Update_ThatHidesThePublishedArticle_RecordsUpdatedThenUnpublished(string status, string? publishedAt)
    {
        var article = await CreatePublishedArticleAsync();
        var head = await HeadAsync();

        await PutAsync(article.Id, new { title = article.Title, body = "Some **Markdown** body.", status, publishedAt });

        var events = (await AllEventsAsync(head)).Where(e => e.EntityId == article.Id && e.Entity == "article").ToList();
        Assert.Equal([ChangeTypes.ArticleUpdated, ChangeTypes.ArticleUnpublished], events.Select(e => e.Type));
        Assert.All(events, e => Assert.True(e.WasVisible && !e.Visible));
    }

    [Fact]
    public async Task AddRelated_RecordsUpdatedWithRelated()
    {
        var article = await CreatePublishedArticleAsync();
        var other = await CreatePublishedArticleAsync();
        var head = await HeadAsync();

        var response = await Client.PostAsJsonAsync($"/api/articles/{article.Id}/related", new { articleId = other.Id }, Ct);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);

        var change = Assert.Single(await AllEventsAsync(head), e => e.EntityId == article.Id && e.Entity == "article");
        Assert.Equal(ChangeTypes.ArticleUpdated, change.Type);
        Assert.Equal(["related"], change.ChangedFields);
    }

    [Fact]
    public async Task Delete_RecordsDeletedWithTheLastSlug_AndTheArticlesThatLinkedToItAsUpdated()
    {
        var target = await CreatePublishedArticleAsync();
        var linking = await CreatePublishedArticleAsync(related: [target.Id]);
        var head = await HeadAsync();

        var response = await Client.DeleteAsync($"/api/articles/{target.Id}", Ct);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);

        var events = await AllEventsAsync(head);
        var deleted = Assert.Single(events, e => e.EntityId == target.Id && e.Entity == "article");
        Assert.Equal(ChangeTypes.ArticleDeleted, deleted.Type);
        Assert.Equal(target.Slug, deleted.Slug);
        Assert.True(deleted.WasVisible);
        Assert.False(deleted.Visible);
        var updated = Assert.Single(events, e => e.EntityId == linking.Id && e.Entity == "article");
        Assert.Equal(ChangeTypes.ArticleUpdated, updated.Type);
        Assert.Equal(["related"], updated.ChangedFields);
    }

    [Fact]
    public async Task TagWrites_RecordCreatedUpdatedAndDeleted()
    {
        var tag = await CreateTagAsync();
        var renamed = Unique("Renamed ");
        var put = await Client.PutAsJsonAsync($"/api/tags/{tag.Id}", new { name = renamed, slug = tag.Slug }, Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/tags/{tag.Id}", Ct)).StatusCode);

        var events = await EventsOfAsync("tag", tag.Id);

        Assert.Equal([ChangeTypes.TagCreated, ChangeTypes.TagUpdated, ChangeTypes.TagDeleted], events.Select(e => e.Type));
        Assert.Equal(["name"], events[1].ChangedFields);
        Assert.True(events[1].WasVisible && events[1].Visible);
        Assert.False(events[2].Visible);
    }

    [Fact]
    public async Task Create_WithANewTagName_RecordsTheTagBeforeTheArticle()
    {
        var name = Unique("Fresh ");
        var article = await CreatePublishedArticleAsync(tags: [name]);

        var events = await AllEventsAsync();
        var tagCreated = Assert.Single(events, e => e.Entity == "tag" && e.EntityId == article.Tags[0].Id);
        var articleCreated = Assert.Single(events, e => e.Entity == "article" && e.EntityId == article.Id && e.Type == ChangeTypes.ArticleCreated);
        Assert.True(tagCreated.Id < articleCreated.Id);
    }

    [Fact]
    public async Task Delete_OfAnArticleLinkedFromMoreThanOneInsertCanCarry_RecordsAnEventForEveryLinkingArticle()
    {
        // 170 linking articles: 171 events of 13 parameters, more than one command may carry on SQL Server (2,100).
        var target = await CreatePublishedArticleAsync();
        var linking = new List<int>();
        for (var i = 0; i < 170; i++)
        {
            linking.Add((await CreateArticleAsync(new { title = Unique("Linking "), body = "b", relatedArticleIds = new[] { target.Id } })).Id);
        }

        var head = await HeadAsync();

        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/articles/{target.Id}", Ct)).StatusCode);

        var events = await AllEventsAsync(head);
        Assert.Equal(linking.Order(), events.Where(e => e.Type == ChangeTypes.ArticleUpdated).Select(e => e.EntityId).Order());
        Assert.Single(events, e => e.Type == ChangeTypes.ArticleDeleted && e.EntityId == target.Id);
    }

    [Fact]
    public async Task TagRenamedThenDeleted_RecordsAnUpdateOfTagsForEveryArticleCarryingIt()
    {
        var tag = await CreateTagAsync();
        var first = await CreatePublishedArticleAsync(tags: [tag.Name]);
        var second = await CreateArticleAsync(new { title = Unique("Draft "), body = "b", tags = new[] { tag.Name } });
        var other = await CreatePublishedArticleAsync();
        var head = await HeadAsync();

        var put = await Client.PutAsJsonAsync($"/api/tags/{tag.Id}", new { name = Unique("Renamed "), slug = tag.Slug }, Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, put.StatusCode);
        var renamed = await AllEventsAsync(head);
        Assert.Equal([first.Id, second.Id], renamed.Where(e => e.Entity == "article").Select(e => e.EntityId).Order());
        Assert.All(renamed.Where(e => e.Entity == "article"), e => Assert.Equal((ChangeTypes.ArticleUpdated, "tags"), (e.Type, string.Join(',', e.ChangedFields))));
        var afterRename = renamed.Max(e => e.Id);

        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/tags/{tag.Id}", Ct)).StatusCode);

        var deleted = await AllEventsAsync(afterRename);
        Assert.Equal([first.Id, second.Id], deleted.Where(e => e.Entity == "article").Select(e => e.EntityId).Order());
        Assert.DoesNotContain(deleted, e => e.EntityId == other.Id && e.Entity == "article");
    }
}
