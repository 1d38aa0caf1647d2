using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Trash;

public sealed class TrashInvisibilityOnSqlite(TrashSqliteFactory factory) : TrashInvisibilityTests<TrashSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class TrashInvisibilityOnSqlServer(TrashSqlServerFactory factory) : TrashInvisibilityTests<TrashSqlServerFactory>(factory);

/// <summary>An article moved to the trash is gone from every read, cached or not, for readers and keys alike.</summary>
public abstract class TrashInvisibilityTests<TFactory>(TFactory factory) : TrashTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Delete_MovesTheArticleToTheTrash_GoneByIdAndSlugEvenForKeys_AndListedInTheTrash()
    {
        var article = await CreatePublishedArticleAsync();

        await TrashAsync(article.Id);

        foreach (var client in new[] { Client, Editor })
        {
            await ReadProblemAsync(await client.GetAsync($"/api/articles/{article.Id}", Ct), HttpStatusCode.NotFound);
            await ReadProblemAsync(await client.GetAsync($"/api/articles/slug/{article.Slug}", Ct), HttpStatusCode.NotFound);
        }

        var trashed = Assert.Single(await TrashListAsync(), t => t.Id == article.Id);
        Assert.Equal((article.Slug, article.Title), (trashed.Slug, trashed.Title));
        Assert.NotNull(trashed.DeletedBy.KeyId);
        Assert.False(string.IsNullOrEmpty(trashed.DeletedBy.Name));
        Assert.Equal(trashed.DeletedAt.AddDays(TrashHost.RetentionDays), trashed.PurgeAt);
    }

    [Fact]
    public async Task Trashed_IsGoneFromListsTagPagesTagCountsRelatedListsAndSuggestions()
    {
        var scenario = await CreateScenarioAsync();
        // Main links to Related and shares the tag with Similar (its one suggestion); Linking links to Similar.
        var linking = await CreatePublishedArticleAsync(related: [scenario.Similar.Id, scenario.Related.Id]);

        await TrashAsync(scenario.Similar.Id);

        foreach (var (client, all) in new[] { (Client, ""), (Editor, "&status=all") })
        {
            var tagged = await client.GetFromJsonAsync<PagedResponse<ArticleSummary>>($"/api/articles?tag={scenario.Tag.Slug}{all}", Ct);
            Assert.Equal(new[] { scenario.Article.Id, scenario.Related.Id }.Order(), tagged!.Items.Select(a => a.Id).Order());
            Assert.Equal(2, tagged.TotalItems);
            var search = await client.GetFromJsonAsync<PagedResponse<ArticleSummary>>($"/api/articles?q={scenario.Token}{all}", Ct);
            Assert.DoesNotContain(search!.Items, a => a.Id == scenario.Similar.Id);
            Assert.Equal(2, (await client.GetFromJsonAsync<TagResponse>($"/api/tags/{scenario.Tag.Id}", Ct))!.ArticleCount);
            Assert.Equal([scenario.Related.Id], (await client.GetFromJsonAsync<ArticleResponse>($"/api/articles/{linking.Id}", Ct))!.Related.Select(r => r.Id));
            Assert.Equal([scenario.Related.Id], (await client.GetFromJsonAsync<List<ArticleSummary>>($"/api/articles/{linking.Id}/related", Ct))!.Select(r => r.Id));
            Assert.Empty((await client.GetFromJsonAsync<List<ArticleSummary>>(scenario.Url("suggestions"), Ct))!);
        }

        var tags = await Client.GetFromJsonAsync<PagedResponse<TagResponse>>(scenario.Url("tags"), Ct);
        Assert.Equal(2, Assert.Single(tags!.Items).ArticleCount);
    }

    [Fact]
    public async Task CachedPages_ShowTheTrashedArticle_UntilItIsDeleted_ThenNoLonger()
    {
        var scenario = await CreateScenarioAsync();
        var linking = await CreatePublishedArticleAsync(related: [scenario.Similar.Id]);
        var similarUrl = $"/api/articles/{scenario.Similar.Id}";
        var similarBySlug = $"/api/articles/slug/{scenario.Similar.Slug}";
        string[] showing =
        [
            scenario.Url("articles"), $"/api/articles?q={scenario.Token}", scenario.Url("suggestions"), scenario.Url("suggestionsBySlug"),
            $"/api/articles/{linking.Id}", $"/api/articles/{linking.Id}/related", "/api/sitemap", "/api/feeds/rss", "/api/feeds/atom",
            "/api/feeds/json", $"/api/feeds/json?tag={scenario.Tag.Slug}",
        ];
        string[] counting = [scenario.Url("tag"), scenario.Url("tagBySlug"), scenario.Url("tags")];
        foreach (var url in showing)
        {
            Assert.Contains(scenario.Similar.Slug, await GetCachedAsync(url), StringComparison.Ordinal);
        }

        foreach (var url in counting.Append(similarUrl).Append(similarBySlug))
        {
            await GetCachedAsync(url);
        }

        await TrashAsync(scenario.Similar.Id);

        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(similarUrl, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(similarBySlug, Ct)).StatusCode);
        foreach (var url in showing)
        {
            var body = await Client.GetStringAsync(url, Ct);
            Assert.False(body.Contains(scenario.Similar.Slug, StringComparison.Ordinal), $"{url} still shows the trashed article: {body}");
        }

        foreach (var url in counting)
        {
            Assert.Contains("\"articleCount\":2", await Client.GetStringAsync(url, Ct), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Trashed_OldSlugsRedirectNoMore_AndItsPreviewLinksStopWorking()
    {
        var article = await CreateArticleAsync(new { title = Unique("Moving "), body = "x", status = "published" });
        var renamed = await PutAsync(article.Id, new { title = article.Title, slug = Unique("moved-"), body = "x", status = "published" });
        Assert.Contains(article.Slug, await Client.GetStringAsync("/api/redirects", Ct), StringComparison.Ordinal);
        var link = await (await Editor.PostAsJsonAsync($"/api/articles/{article.Id}/preview-links", new { }, Ct))
            .Content.ReadFromJsonAsync<PreviewLinkCreated>(Ct);
        Assert.Equal(HttpStatusCode.OK, (await PreviewAsync(link!.Token)).StatusCode);

        await TrashAsync(article.Id);

        Assert.DoesNotContain(article.Slug, await Client.GetStringAsync("/api/redirects", Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(renamed.Slug, await Client.GetStringAsync("/api/sitemap", Ct), StringComparison.Ordinal);
        await ReadProblemAsync(await Client.GetAsync($"/api/articles/slug/{article.Slug}", Ct), HttpStatusCode.NotFound);
        await ReadProblemAsync(await Editor.GetAsync($"/api/articles/slug/{article.Slug}", Ct), HttpStatusCode.NotFound);
        await ReadProblemAsync(await PreviewAsync(link.Token), HttpStatusCode.NotFound);
        await ReadProblemAsync(await Editor.GetAsync($"/api/articles/{article.Id}/preview-links", Ct), HttpStatusCode.NotFound);
        await ReadProblemAsync(await Editor.GetAsync($"/api/articles/{article.Id}/revisions", Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Trashed_IsADeleteForSyncClients_AndArticleDeletedInTheChangeLog()
    {
        var article = await CreatePublishedArticleAsync();
        var initial = await SyncPageAsync(Editor, token: null);
        Assert.Contains(initial.Items, i => i.Id == article.Id && i.Op == "upsert");

        await TrashAsync(article.Id);

        foreach (var (client, token) in new[] { (Editor, initial.NextToken), (Client, (await SyncPageAsync(Client, null)).NextToken) })
        {
            var next = await SyncPageAsync(client, token);
            Assert.DoesNotContain(next.Items, i => i.Id == article.Id && i.Op == "upsert");
        }

        var since = await SyncPageAsync(Editor, initial.NextToken);
        Assert.Equal("delete", Assert.Single(since.Items, i => i.Kind == "article" && i.Id == article.Id).Op);
        Assert.Equal(["article.created", "article.published", "article.deleted"], (await EventsOfAsync(article.Id)).Select(e => e.Type));
        Assert.DoesNotContain((await SyncPageAsync(Editor, null)).Items, i => i.Id == article.Id);
    }

    [Fact]
    public async Task Trashed_CannotBeEditedLinkedOrPreviewed_AnsweringNotFound()
    {
        var other = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync();
        var etag = (await Editor.GetAsync($"/api/articles/{article.Id}", Ct)).Headers.ETag!.Tag;

        await TrashAsync(article.Id);

        var put = WriteRequest(HttpMethod.Put, $"/api/articles/{article.Id}", new { title = "Edited", body = "x", status = "published" });
        put.Headers.TryAddWithoutValidation("If-Match", etag);
        await ReadProblemAsync(await Factory.CreateAnonymousClient().SendAsync(put, Ct), HttpStatusCode.NotFound);
        await ReadProblemAsync(await Client.PostAsJsonAsync($"/api/articles/{article.Id}/related", new { articleId = other.Id }, Ct), HttpStatusCode.NotFound);
        await AssertValidationErrorsAsync(await Client.PostAsJsonAsync($"/api/articles/{other.Id}/related", new { articleId = article.Id }, Ct), "articleId");
        await AssertValidationErrorsAsync(
            await Client.PostAsJsonAsync("/api/articles", new { title = Unique("Linking "), body = "x", relatedArticleIds = new[] { article.Id } }, Ct),
            "relatedArticleIds");
        await ReadProblemAsync(await Editor.PostAsJsonAsync($"/api/articles/{article.Id}/preview-links", new { }, Ct), HttpStatusCode.NotFound);
        await ReadProblemAsync(await Client.DeleteAsync($"/api/articles/{article.Id}", Ct), HttpStatusCode.NotFound);
        Assert.Equal(article.Title, Assert.Single(await TrashListAsync(), t => t.Id == article.Id).Title);
    }

    private async Task<HttpResponseMessage> PreviewAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/preview");
        request.Headers.TryAddWithoutValidation(ArticlePreviews.PreviewTokenHeader, token);
        return await Factory.CreateAnonymousClient().SendAsync(request, Ct);
    }

    private sealed record SyncItem(string Kind, string Op, int Id);

    private sealed record SyncPage(List<SyncItem> Items, string NextToken, bool HasMore);

    private static async Task<SyncPage> SyncPageAsync(HttpClient client, string? token)
    {
        var items = new List<SyncItem>();
        while (true)
        {
            var url = "/api/sync?limit=500" + (token is null ? "" : $"&token={Uri.EscapeDataString(token)}");
            var page = (await client.GetFromJsonAsync<SyncPage>(url, Ct))!;
            items.AddRange(page.Items);
            token = page.NextToken;
            if (!page.HasMore)
            {
                return page with { Items = items };
            }
        }
    }
}
