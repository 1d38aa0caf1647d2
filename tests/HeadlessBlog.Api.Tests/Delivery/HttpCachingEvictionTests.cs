using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

// Both databases: eviction after writes relies on queries (e.g. the articles linking to a changed one) that run on each provider.
public sealed class HttpCachingEvictionOnSqlite(SqliteApiFactory factory) : HttpCachingEvictionTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class HttpCachingEvictionOnSqlServer(SqlServerApiFactory factory) : HttpCachingEvictionTests<SqlServerApiFactory>(factory);

/// <summary>Writes evict what they change: the next read of every cached page showing the changed tag or article shows the change, and only those.</summary>
public abstract class HttpCachingEvictionTests<TFactory>(TFactory factory) : HttpCachingTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task TagPut_RenameIsShownOnTheNextReadOfEveryCachedPageShowingTheTag()
    {
        var scenario = await CreateScenarioAsync();
        // Shows the tag only through its related article.
        var linking = await CreatePublishedArticleAsync(related: [scenario.Related.Id]);
        string[] urls =
        [
            scenario.Url("article"), scenario.Url("articleBySlug"), scenario.Url("articles"), scenario.Url("related"),
            scenario.Url("suggestions"), scenario.Url("suggestionsBySlug"), scenario.Url("tags"), scenario.Url("tag"),
            scenario.Url("tagBySlug"), $"/api/articles/{linking.Id}", $"/api/articles/{scenario.Related.Id}",
        ];
        foreach (var url in urls)
        {
            Assert.Contains(scenario.Tag.Name, await GetCachedAsync(url), StringComparison.Ordinal);
        }

        var newName = $"Renamed {scenario.Token}";
        await PutTagAsync(scenario.Tag.Id, newName);

        foreach (var url in urls)
        {
            var body = await Client.GetStringAsync(url, Ct);
            Assert.True(body.Contains(newName, StringComparison.Ordinal), $"{url} does not show the new name: {body}");
            Assert.False(body.Contains(scenario.Tag.Name, StringComparison.Ordinal), $"{url} still shows the old name: {body}");
        }
    }

    [Fact]
    public async Task TagDelete_IsShownOnTheNextReadOfEveryCachedPageShowingTheTag()
    {
        var scenario = await CreateScenarioAsync();
        string[] articlePages = [scenario.Url("article"), scenario.Url("articleBySlug"), $"/api/articles/{scenario.Related.Id}"];
        string[] urls =
        [
            .. articlePages, scenario.Url("articles"), $"/api/articles?q={scenario.Token}", scenario.Url("related"),
            scenario.Url("suggestions"), scenario.Url("tags"), scenario.Url("tag"), scenario.Url("tagBySlug"),
        ];
        foreach (var url in urls)
        {
            await GetCachedAsync(url);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/tags/{scenario.Tag.Id}", Ct)).StatusCode);

        foreach (var url in articlePages)
        {
            var article = await Client.GetFromJsonAsync<ArticleResponse>(url, Ct);
            Assert.Empty(article!.Tags);
            Assert.All(article.Related, r => Assert.Empty(r.Tags));
        }

        Assert.Empty((await Client.GetFromJsonAsync<PagedResponse<ArticleSummary>>(scenario.Url("articles"), Ct))!.Items);
        var byToken = await Client.GetFromJsonAsync<PagedResponse<ArticleSummary>>($"/api/articles?q={scenario.Token}", Ct);
        Assert.Equal(3, byToken!.Items.Count);
        Assert.All(byToken.Items, a => Assert.Empty(a.Tags));
        Assert.All((await Client.GetFromJsonAsync<List<ArticleSummary>>(scenario.Url("related"), Ct))!, a => Assert.Empty(a.Tags));
        // Suggestions need a shared tag: without the tag there are none.
        Assert.Empty((await Client.GetFromJsonAsync<List<ArticleSummary>>(scenario.Url("suggestions"), Ct))!);
        Assert.Empty((await Client.GetFromJsonAsync<PagedResponse<TagResponse>>(scenario.Url("tags"), Ct))!.Items);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(scenario.Url("tag"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(scenario.Url("tagBySlug"), Ct)).StatusCode);
    }

    [Fact]
    public async Task ArticlePut_IsShownOnTheNextReadOfItsPageTheListsAndPagesShowingItAsRelated()
    {
        var scenario = await CreateScenarioAsync();
        var related = scenario.Related;
        string[] showingTheArticle =
        [
            $"/api/articles/{related.Id}", $"/api/articles/slug/{related.Slug}", scenario.Url("articles"),
            $"/api/articles?q={scenario.Token}", scenario.Url("article"), scenario.Url("related"),
        ];
        foreach (var url in showingTheArticle)
        {
            Assert.Contains(related.Title, await GetCachedAsync(url), StringComparison.Ordinal);
        }

        foreach (var url in new[] { scenario.Url("tag"), scenario.Url("tags") })
        {
            Assert.Contains("\"articleCount\":3", await GetCachedAsync(url), StringComparison.Ordinal);
        }

        // A new title, and the tag taken off.
        var newTitle = $"Rewritten {scenario.Token}";
        await PutArticleAsync(related, newTitle, tags: [], related: []);

        Assert.Equal(newTitle, (await Client.GetFromJsonAsync<ArticleResponse>($"/api/articles/{related.Id}", Ct))!.Title);
        Assert.Equal(newTitle, (await Client.GetFromJsonAsync<ArticleResponse>($"/api/articles/slug/{related.Slug}", Ct))!.Title);
        Assert.DoesNotContain(related.Id, (await Client.GetFromJsonAsync<PagedResponse<ArticleSummary>>(scenario.Url("articles"), Ct))!.Items.Select(a => a.Id));
        var byToken = await Client.GetFromJsonAsync<PagedResponse<ArticleSummary>>($"/api/articles?q={scenario.Token}", Ct);
        Assert.Equal(newTitle, byToken!.Items.Single(a => a.Id == related.Id).Title);
        var page = await Client.GetFromJsonAsync<ArticleResponse>(scenario.Url("article"), Ct);
        Assert.Equal(newTitle, Assert.Single(page!.Related).Title);
        Assert.Empty(page.Related[0].Tags);
        Assert.Equal(newTitle, Assert.Single((await Client.GetFromJsonAsync<List<ArticleSummary>>(scenario.Url("related"), Ct))!).Title);
        Assert.Equal(2, (await Client.GetFromJsonAsync<TagResponse>(scenario.Url("tag"), Ct))!.ArticleCount);
        Assert.Equal(2, Assert.Single((await Client.GetFromJsonAsync<PagedResponse<TagResponse>>(scenario.Url("tags"), Ct))!.Items).ArticleCount);
    }

    [Fact]
    public async Task ArticlePut_ToDraft_IsShownOnTheNextReadOfSuggestionsOfAnotherArticle()
    {
        var scenario = await CreateScenarioAsync();
        var before = await GetCachedAsync(scenario.Url("suggestions"));
        Assert.Contains(scenario.Similar.Title, before, StringComparison.Ordinal);

        var response = await Client.PutAsJsonAsync($"/api/articles/{scenario.Similar.Id}", new
        {
            title = scenario.Similar.Title,
            body = "Back to draft.",
            status = "draft",
            tags = new[] { scenario.Tag.Name },
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.Empty((await Client.GetFromJsonAsync<List<ArticleSummary>>(scenario.Url("suggestions"), Ct))!);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/articles/{scenario.Similar.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task ArticleDelete_IsShownOnTheNextReadOfItsPageTheListsAndPagesShowingItAsRelated()
    {
        var scenario = await CreateScenarioAsync();
        var related = scenario.Related;
        string[] urls =
        [
            $"/api/articles/{related.Id}", $"/api/articles/slug/{related.Slug}", scenario.Url("articles"),
            scenario.Url("article"), scenario.Url("articleBySlug"), scenario.Url("related"), scenario.Url("tag"),
            scenario.Url("tags"),
        ];
        foreach (var url in urls)
        {
            await GetCachedAsync(url);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/articles/{related.Id}", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/articles/{related.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/articles/slug/{related.Slug}", Ct)).StatusCode);
        var list = await Client.GetFromJsonAsync<PagedResponse<ArticleSummary>>(scenario.Url("articles"), Ct);
        Assert.Equal(new[] { scenario.Article.Id, scenario.Similar.Id }.Order(), list!.Items.Select(a => a.Id).Order());
        Assert.Empty((await Client.GetFromJsonAsync<ArticleResponse>(scenario.Url("article"), Ct))!.Related);
        Assert.Empty((await Client.GetFromJsonAsync<ArticleResponse>(scenario.Url("articleBySlug"), Ct))!.Related);
        Assert.Empty((await Client.GetFromJsonAsync<List<ArticleSummary>>(scenario.Url("related"), Ct))!);
        Assert.Equal(2, (await Client.GetFromJsonAsync<TagResponse>(scenario.Url("tag"), Ct))!.ArticleCount);
        Assert.Equal(2, Assert.Single((await Client.GetFromJsonAsync<PagedResponse<TagResponse>>(scenario.Url("tags"), Ct))!.Items).ArticleCount);
    }

    [Fact]
    public async Task RelatedPut_IsShownOnTheNextReadOfTheArticleItsRelatedListAndItsSuggestions()
    {
        var scenario = await CreateScenarioAsync();
        string[] urls = [scenario.Url("article"), scenario.Url("articleBySlug"), scenario.Url("related"), scenario.Url("suggestions")];
        foreach (var url in urls)
        {
            await GetCachedAsync(url);
        }

        var response = await Client.PutAsJsonAsync(
            $"/api/articles/{scenario.Article.Id}/related", new { articleIds = new[] { scenario.Similar.Id } }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.Equal([scenario.Similar.Id], (await Client.GetFromJsonAsync<ArticleResponse>(scenario.Url("article"), Ct))!.Related.Select(r => r.Id));
        Assert.Equal([scenario.Similar.Id], (await Client.GetFromJsonAsync<ArticleResponse>(scenario.Url("articleBySlug"), Ct))!.Related.Select(r => r.Id));
        Assert.Equal([scenario.Similar.Id], (await Client.GetFromJsonAsync<List<ArticleSummary>>(scenario.Url("related"), Ct))!.Select(r => r.Id));
        // Suggestions exclude the related articles: now the former one is suggested instead.
        Assert.Equal([scenario.Related.Id], (await Client.GetFromJsonAsync<List<ArticleSummary>>(scenario.Url("suggestions"), Ct))!.Select(r => r.Id));
    }

    [Fact]
    public async Task RelatedPost_Reciprocal_IsShownOnTheNextReadOfBothArticles()
    {
        var scenario = await CreateScenarioAsync();
        var source = scenario.Similar;
        var target = scenario.Related;
        string[] urls =
        [
            $"/api/articles/{source.Id}", $"/api/articles/{source.Id}/related", $"/api/articles/{target.Id}",
            $"/api/articles/slug/{target.Slug}", $"/api/articles/{target.Id}/related",
        ];
        foreach (var url in urls)
        {
            await GetCachedAsync(url);
        }

        var response = await Client.PostAsJsonAsync(
            $"/api/articles/{source.Id}/related", new { articleId = target.Id, reciprocal = true }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        Assert.Equal([target.Id], (await Client.GetFromJsonAsync<ArticleResponse>($"/api/articles/{source.Id}", Ct))!.Related.Select(r => r.Id));
        Assert.Equal([target.Id], (await Client.GetFromJsonAsync<List<ArticleSummary>>($"/api/articles/{source.Id}/related", Ct))!.Select(r => r.Id));
        Assert.Equal([source.Id], (await Client.GetFromJsonAsync<ArticleResponse>($"/api/articles/{target.Id}", Ct))!.Related.Select(r => r.Id));
        Assert.Equal([source.Id], (await Client.GetFromJsonAsync<ArticleResponse>($"/api/articles/slug/{target.Slug}", Ct))!.Related.Select(r => r.Id));
        Assert.Equal([source.Id], (await Client.GetFromJsonAsync<List<ArticleSummary>>($"/api/articles/{target.Id}/related", Ct))!.Select(r => r.Id));
    }

    [Fact]
    public async Task RelatedDelete_IsShownOnTheNextReadOfTheArticleItsRelatedListAndItsSuggestions()
    {
        var scenario = await CreateScenarioAsync();
        string[] urls = [scenario.Url("article"), scenario.Url("articleBySlug"), scenario.Url("related"), scenario.Url("suggestions")];
        foreach (var url in urls)
        {
            await GetCachedAsync(url);
        }

        var response = await Client.DeleteAsync($"/api/articles/{scenario.Article.Id}/related/{scenario.Related.Id}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        Assert.Empty((await Client.GetFromJsonAsync<ArticleResponse>(scenario.Url("article"), Ct))!.Related);
        Assert.Empty((await Client.GetFromJsonAsync<ArticleResponse>(scenario.Url("articleBySlug"), Ct))!.Related);
        Assert.Empty((await Client.GetFromJsonAsync<List<ArticleSummary>>(scenario.Url("related"), Ct))!);
        Assert.Contains(scenario.Related.Id, (await Client.GetFromJsonAsync<List<ArticleSummary>>(scenario.Url("suggestions"), Ct))!.Select(r => r.Id));
    }

    [Fact]
    public async Task ArticlePost_IsShownOnTheNextReadOfTheListsTagCountsAndSuggestions()
    {
        var scenario = await CreateScenarioAsync();
        string[] urls =
        [
            scenario.Url("articles"), $"/api/articles?q={scenario.Token}", scenario.Url("tag"), scenario.Url("tagBySlug"),
            scenario.Url("tags"), scenario.Url("suggestions"),
        ];
        foreach (var url in urls)
        {
            await GetCachedAsync(url);
        }

        var created = await CreatePublishedArticleAsync($"Article {scenario.Token} new", tags: [scenario.Tag.Name]);

        Assert.Contains(created.Id, (await Client.GetFromJsonAsync<PagedResponse<ArticleSummary>>(scenario.Url("articles"), Ct))!.Items.Select(a => a.Id));
        Assert.Equal(4, (await Client.GetFromJsonAsync<PagedResponse<ArticleSummary>>($"/api/articles?q={scenario.Token}", Ct))!.TotalItems);
        Assert.Equal(4, (await Client.GetFromJsonAsync<TagResponse>(scenario.Url("tag"), Ct))!.ArticleCount);
        Assert.Equal(4, (await Client.GetFromJsonAsync<TagResponse>(scenario.Url("tagBySlug"), Ct))!.ArticleCount);
        Assert.Equal(4, Assert.Single((await Client.GetFromJsonAsync<PagedResponse<TagResponse>>(scenario.Url("tags"), Ct))!.Items).ArticleCount);
        Assert.Contains(created.Id, (await Client.GetFromJsonAsync<List<ArticleSummary>>(scenario.Url("suggestions"), Ct))!.Select(a => a.Id));
    }

    [Fact]
    public async Task TagPut_DoesNotEvictAnotherTagsCachedPage()
    {
        var renamed = await CreateTagAsync(Unique("Tag A "));
        var untouched = await CreateTagAsync(Unique("Tag B "));
        await GetCachedAsync($"/api/tags/{renamed.Id}");
        var cached = await GetCachedAsync($"/api/tags/{untouched.Id}");

        await PutTagAsync(renamed.Id, Unique("Tag A renamed "));

        Factory.Commands.Reset();
        var response = await Client.GetAsync($"/api/tags/{untouched.Id}", Ct);
        Assert.Equal(0, Factory.Commands.Count);
        Assert.Equal(cached, await response.Content.ReadAsStringAsync(Ct));
        Factory.Commands.Reset();
        await Client.GetAsync($"/api/tags/{renamed.Id}", Ct);
        Assert.True(Factory.Commands.Count > 0, "The renamed tag's page was not evicted.");
    }

    [Fact]
    public async Task ArticlePut_DoesNotEvictAnUnrelatedArticlesCachedPage()
    {
        var changed = await CreatePublishedArticleAsync(tags: [Unique("Tag ")]);
        var untouched = await CreatePublishedArticleAsync(tags: [Unique("Tag ")]);
        var changedUrl = $"/api/articles/{changed.Id}";
        var untouchedUrl = $"/api/articles/{untouched.Id}";
        await GetCachedAsync(changedUrl);
        var cached = await GetCachedAsync(untouchedUrl);

        await PutArticleAsync(changed, Unique("Changed "), [changed.Tags[0].Name], []);
        // The first read after an article write refreshes the publication schedule (one query, whatever the URL).
        Factory.Commands.Reset();
        await Client.GetAsync(changedUrl, Ct);
        Assert.True(Factory.Commands.Count > 1, "The changed article's page was not evicted.");

        Factory.Commands.Reset();
        var response = await Client.GetAsync(untouchedUrl, Ct);
        Assert.Equal(0, Factory.Commands.Count);
        Assert.Equal(cached, await response.Content.ReadAsStringAsync(Ct));
    }
}
