using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Changes;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Revisions;
using HeadlessBlog.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Trash;

public sealed class TrashRestoreOnSqlite(TrashSqliteFactory factory) : TrashRestoreTests<TrashSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class TrashRestoreOnSqlServer(TrashSqlServerFactory factory) : TrashRestoreTests<TrashSqlServerFactory>(factory);

/// <summary>Out of the trash: restored as it was, purged for good by hand or after <c>Trash:RetentionDays</c>; its slug held meanwhile.</summary>
public abstract class TrashRestoreTests<TFactory>(TFactory factory) : TrashTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Restore_BringsTheArticleBackExactlyAsBefore_WithItsTagsAndItsLinksFromAndTo()
    {
        var tagNames = new[] { Unique("First "), Unique("Second ") };
        var target = await CreatePublishedArticleAsync();
        var created = await Client.PostAsJsonAsync("/api/articles", new
        {
            title = Unique("Whole "),
            summary = "A summary.",
            body = "Body **text**.",
            status = "published",
            tags = tagNames,
            relatedArticleIds = new[] { target.Id },
            metaTitle = "Meta",
            featureImageUrl = "https://img.example/a.png",
        }, Ct);
        var asCreated = JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!.AsObject();
        var id = asCreated["id"]!.GetValue<int>();
        var before = await CreatePublishedArticleAsync();
        var linking = await CreatePublishedArticleAsync(related: [before.Id, id, target.Id]);
        var asRead = await EditorJsonAsync(id);

        await TrashAsync(id);
        Assert.Equal([before.Id, target.Id], (await EditorReadAsync(linking.Id))!.Related.Select(r => r.Id));
        var response = await RestoreFromTrashAsync(id);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var restored = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
        Assert.Equal(Preconditions.ETagOf(restored["version"]!.GetValue<string>()), response.Headers.ETag!.Tag);
        Assert.NotEqual(asCreated["version"]!.GetValue<string>(), restored["version"]!.GetValue<string>());
        Assert.Equal(WithoutVersion(asCreated), WithoutVersion(restored));
        Assert.Equal(WithoutVersion(asRead), WithoutVersion(await EditorJsonAsync(id)));
        Assert.Equal([before.Id, id, target.Id], (await EditorReadAsync(linking.Id))!.Related.Select(r => r.Id));
        var tagSlug = asCreated["tags"]![0]!["slug"]!.GetValue<string>();
        Assert.Contains(id, (await Client.GetFromJsonAsync<PagedResponse<ArticleSummary>>($"/api/articles?tag={tagSlug}", Ct))!.Items.Select(a => a.Id));
        Assert.DoesNotContain(await TrashListAsync(), t => t.Id == id);
    }

    [Fact]
    public async Task Restore_CreatesADeletedTagAgain_AndLeavesOutLinksFromAndToPurgedArticles()
    {
        var tagName = Unique("Doomed ");
        var gone = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync(tags: [tagName], related: [gone.Id]);
        var goneLinking = await CreatePublishedArticleAsync(related: [article.Id]);
        await TrashAsync(article.Id);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/tags/{article.Tags[0].Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/articles/{gone.Id}?permanent=true", Ct)).StatusCode);
        await TrashAsync(goneLinking.Id);
        Assert.Equal(HttpStatusCode.NoContent, (await PurgeAsync(goneLinking.Id)).StatusCode);

        var response = await RestoreFromTrashAsync(article.Id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var restored = (await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
        Assert.Equal([tagName], restored.Tags.Select(t => t.Name));
        Assert.NotEqual(article.Tags[0].Id, restored.Tags[0].Id);
        Assert.Empty(restored.Related);
    }

    [Fact]
    public async Task MoveAndRestore_AreDeletedThenCreatedAndPublished_AndWriteNoRevisionOfTheArticle()
    {
        var article = await CreatePublishedArticleAsync(tags: [Unique("Kept ")]);
        var draft = await CreateArticleAsync(new { title = Unique("Draft "), body = "x", status = "draft" });

        await TrashAsync(article.Id);
        await TrashAsync(draft.Id);
        Assert.Equal(HttpStatusCode.OK, (await RestoreFromTrashAsync(article.Id)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RestoreFromTrashAsync(draft.Id)).StatusCode);

        var events = await EventsOfAsync(article.Id);
        Assert.Equal(["article.created", "article.published", "article.deleted", "article.created", "article.published"], events.Select(e => e.Type));
        Assert.Equal([(false, true), (false, true)], events.Skip(3).Select(e => (e.WasVisible, e.Visible)));
        Assert.Equal((true, false), (events[2].WasVisible, events[2].Visible));
        Assert.Equal(["article.created", "article.deleted", "article.created"], (await EventsOfAsync(draft.Id)).Select(e => e.Type));
        var revisions = await Editor.GetFromJsonAsync<PagedResponse<RevisionSummary>>($"/api/articles/{article.Id}/revisions", Ct);
        Assert.Equal([1], revisions!.Items.Select(r => r.Number));
    }

    [Fact]
    public async Task ParallelRestores_OneWins_TheOthersFindItNoLongerInTheTrash()
    {
        var article = await CreatePublishedArticleAsync(tags: [Unique("Raced ")]);
        await TrashAsync(article.Id);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => RestoreFromTrashAsync(article.Id)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Single((await EditorReadAsync(article.Id))!.Tags);
        Assert.Equal(["article.created", "article.published", "article.deleted", "article.created", "article.published"],
            (await EventsOfAsync(article.Id)).Select(e => e.Type));
    }

    [Fact]
    public async Task SlugOfATrashedArticle_StaysTaken_Returning409ThatSaysSo_UntilPurged()
    {
        var article = await CreatePublishedArticleAsync();
        var other = await CreatePublishedArticleAsync();
        await TrashAsync(article.Id);

        var created = await Client.PostAsJsonAsync("/api/articles", new { title = Unique("Same "), slug = article.Slug, body = "x" }, Ct);
        var renamed = await Client.PutAsJsonAsync($"/api/articles/{other.Id}", new { title = other.Title, slug = article.Slug, body = "x" }, Ct);
        var generated = await CreateArticleAsync(new { title = article.Title, body = "x" });

        Assert.Contains("trash", await AssertProblemAsync(created, HttpStatusCode.Conflict), StringComparison.Ordinal);
        Assert.Contains("trash", await AssertProblemAsync(renamed, HttpStatusCode.Conflict), StringComparison.Ordinal);
        Assert.NotEqual(article.Slug, generated.Slug);
        Assert.Equal(HttpStatusCode.NoContent, (await PurgeAsync(article.Id)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsJsonAsync("/api/articles", new { title = Unique("Now "), slug = article.Slug, body = "x" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Purge_RemovesTheArticleWithItsRevisionsAndPreviewLinks_ForGood()
    {
        var article = await CreatePublishedArticleAsync();
        await PutAsync(article.Id, new { title = Unique("Edited "), body = "x", status = "published" });
        Assert.Equal(HttpStatusCode.Created, (await Editor.PostAsJsonAsync($"/api/articles/{article.Id}/preview-links", new { }, Ct)).StatusCode);
        await TrashAsync(article.Id);
        var head = (await EventsOfAsync(article.Id)).Count;

        var response = await PurgeAsync(article.Id);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.DoesNotContain(await TrashListAsync(), t => t.Id == article.Id);
        await ReadProblemAsync(await RestoreFromTrashAsync(article.Id), HttpStatusCode.NotFound);
        await ReadProblemAsync(await PurgeAsync(article.Id), HttpStatusCode.NotFound);
        Assert.Equal(head, (await EventsOfAsync(article.Id)).Count);
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.BlogDbContext>();
        Assert.Equal(0, db.ArticleRevisions.Count(r => r.ArticleId == article.Id));
        Assert.Equal(0, db.PreviewLinks.Count(p => p.ArticleId == article.Id));
        Assert.Equal(0, db.ArticleSlugRedirects.Count(r => r.ArticleId == article.Id));
    }

    [Fact]
    public async Task TrashOperations_OnAnArticleNotInTheTrash_Answer404_AndRevisionRestoreIntoTheTrash409()
    {
        var live = await CreatePublishedArticleAsync();
        var trashed = await CreatePublishedArticleAsync();
        var etag = (await Editor.GetAsync($"/api/articles/{trashed.Id}", Ct)).Headers.ETag!.Tag;
        await TrashAsync(trashed.Id);

        Assert.Contains("not in the trash", await AssertProblemAsync(await RestoreFromTrashAsync(live.Id), HttpStatusCode.NotFound), StringComparison.Ordinal);
        await AssertProblemAsync(await PurgeAsync(live.Id), HttpStatusCode.NotFound);
        await AssertProblemAsync(await RestoreFromTrashAsync(int.MaxValue), HttpStatusCode.NotFound);
        await AssertProblemAsync(await PurgeAsync(int.MaxValue), HttpStatusCode.NotFound);
        var restoreRevision = WriteRequest(HttpMethod.Post, $"/api/articles/{trashed.Id}/revisions/1/restore");
        restoreRevision.Headers.TryAddWithoutValidation("If-Match", etag);
        var detail = await AssertProblemAsync(await Factory.CreateAnonymousClient().SendAsync(restoreRevision, Ct), HttpStatusCode.Conflict);
        Assert.Contains("trash", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Editor.GetAsync($"/api/articles/{live.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task TrashList_IsPagedMostRecentlyDeletedFirst_AndNeedsAKey()
    {
        var first = await CreatePublishedArticleAsync();
        var second = await CreatePublishedArticleAsync();
        await TrashAsync(first.Id);
        await TrashAsync(second.Id);

        var page = await Editor.GetFromJsonAsync<PagedResponse<JsonElement>>("/api/trash?pageSize=1", Ct);

        Assert.Equal(second.Id, page!.Items.Single().GetProperty("id").GetInt32());
        Assert.True(page.TotalItems >= 2);
        Assert.Equal(
            ["deletedAt", "deletedBy", "id", "purgeAt", "slug", "title"],
            page.Items.Single().EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateAnonymousClient().GetAsync("/api/trash", Ct)).StatusCode);
        await AssertValidationErrorsAsync(await Editor.GetAsync("/api/trash?pageSize=1000", Ct), "pageSize");
    }

    [Fact]
    public async Task WorkerRounds_PurgeWhatWasDeletedRetentionDaysAgo_AndNothingYounger()
    {
        var old = await CreatePublishedArticleAsync();
        await TrashAsync(old.Id);
        Factory.Clock.Advance(TimeSpan.FromDays(TrashHost.RetentionDays - 1));
        var young = await CreatePublishedArticleAsync();
        await TrashAsync(young.Id);
        var worker = Factory.Services.GetRequiredService<ChangeWorker>();

        await worker.RunRoundAsync(Ct);
        Assert.Contains(await TrashListAsync(), t => t.Id == old.Id);

        Factory.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));
        await worker.RunRoundAsync(Ct);

        var trash = await TrashListAsync();
        Assert.DoesNotContain(trash, t => t.Id == old.Id);
        Assert.Contains(trash, t => t.Id == young.Id);
        await AssertProblemAsync(await RestoreFromTrashAsync(old.Id), HttpStatusCode.NotFound);
    }

    private static string WithoutVersion(JsonObject article)
    {
        var copy = article.DeepClone().AsObject();
        copy.Remove("version");
        return copy.ToJsonString();
    }

    private async Task<JsonObject> EditorJsonAsync(int id) =>
        JsonNode.Parse(await Editor.GetStringAsync($"/api/articles/{id}", Ct))!.AsObject();
}
