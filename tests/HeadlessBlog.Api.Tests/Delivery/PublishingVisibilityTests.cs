using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

public sealed class PublishingVisibilityOnSqlite(SqliteApiFactory factory) : PublishingVisibilityTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class PublishingVisibilityOnSqlServer(SqlServerApiFactory factory) : PublishingVisibilityTests<SqlServerApiFactory>(factory);

/// <summary>Only visible articles (published, with a publication time that has come) are shown to readers: by id, by slug, in lists, related lists and tag counts.</summary>
public abstract class PublishingVisibilityTests<TFactory>(TFactory factory) : PublishingTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Theory]
    [InlineData("draft")]
    [InlineData("draft with a past publishedAt")]
    [InlineData("scheduled")]
    public async Task NonVisibleArticle_Is404ByIdAndBySlug_AndAbsentFromTheDefaultList(string kind)
    {
        var tag = await CreateTagAsync();
        var visible = await CreatePublishedArticleAsync(tags: [tag.Name]);
        var hidden = await CreateHiddenAsync(kind, tags: [tag.Name]);

        await AssertNotFoundAsync($"/api/articles/{hidden.Id}");
        await AssertNotFoundAsync($"/api/articles/slug/{hidden.Slug}");
        var page = await ListAsync($"tag={tag.Slug}");
        Assert.Equal([visible.Id], page.Items.Select(a => a.Id));
        Assert.Equal(1, page.TotalItems);
        var explicitlyPublished = await ListAsync($"tag={tag.Slug}&status=published");
        Assert.Equal([visible.Id], explicitlyPublished.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task RelatedLists_SkipTargetsThatAreNotVisible()
    {
        var draft = await CreateHiddenAsync(Hidden.Draft);
        var visibleOne = await CreatePublishedArticleAsync();
        var scheduled = await CreateHiddenAsync(Hidden.Scheduled);
        var visibleTwo = await CreatePublishedArticleAsync();
        var datedDraft = await CreateHiddenAsync(Hidden.DraftWithPastPublishedAt);

        var article = await CreatePublishedArticleAsync(
            related: [draft.Id, visibleOne.Id, scheduled.Id, visibleTwo.Id, datedDraft.Id]);

        // The editor's view (the POST response) keeps every related article, with its effective status.
        Assert.Equal(
            [draft.Id, visibleOne.Id, scheduled.Id, visibleTwo.Id, datedDraft.Id],
            article.Related.Select(r => r.Id));
        Assert.Equal(["draft", "published", "scheduled", "published", "draft"], article.Related.Select(r => r.Status));

        // Readers see the visible ones only, in link order.
        Assert.Equal([visibleOne.Id, visibleTwo.Id], (await GetRelatedAsync(article.Id)).Select(r => r.Id));
        var byId = await GetArticleAsync($"/api/articles/{article.Id}");
        Assert.Equal([visibleOne.Id, visibleTwo.Id], byId.Related.Select(r => r.Id));
        Assert.All(byId.Related, r => Assert.Equal("published", r.Status));
        var bySlug = await GetArticleAsync($"/api/articles/slug/{article.Slug}");
        Assert.Equal([visibleOne.Id, visibleTwo.Id], bySlug.Related.Select(r => r.Id));
    }

    [Fact]
    public async Task UnpublishedArticle_DisappearsFromRelatedListsListsAndTagCounts_EvenAfterTheyWereRead()
    {
        var tag = await CreateTagAsync();
        var target = await CreatePublishedArticleAsync(tags: [tag.Name]);
        var linking = await CreatePublishedArticleAsync(related: [target.Id]);
        // Read first: these answers may now sit in the output cache.
        Assert.Equal([target.Id], (await GetArticleAsync($"/api/articles/{linking.Id}")).Related.Select(r => r.Id));
        Assert.Equal([target.Id], (await GetRelatedAsync(linking.Id)).Select(r => r.Id));
        Assert.Equal([target.Id], (await ListAsync($"tag={tag.Slug}")).Items.Select(a => a.Id));
        Assert.Equal(1, (await GetTagAsync($"/api/tags/{tag.Id}")).ArticleCount);

        await PutAsync(target.Id, new { title = target.Title, body = Body, status = "draft", tags = new[] { tag.Name } });

        Assert.Empty((await GetArticleAsync($"/api/articles/{linking.Id}")).Related);
        Assert.Empty(await GetRelatedAsync(linking.Id));
        Assert.Empty((await ListAsync($"tag={tag.Slug}")).Items);
        Assert.Equal(0, (await GetTagAsync($"/api/tags/{tag.Id}")).ArticleCount);
        await AssertNotFoundAsync($"/api/articles/{target.Id}");
    }

    [Fact]
    public async Task RelatedList_OfANonVisibleArticle_Is404()
    {
        var target = await CreatePublishedArticleAsync();
        var draft = await CreateArticleAsync(new { title = Unique("Draft "), body = Body, relatedArticleIds = new[] { target.Id } });

        await AssertNotFoundAsync($"/api/articles/{draft.Id}/related");
    }

    [Fact]
    public async Task TagArticleCount_CountsOnlyVisibleArticles()
    {
        var tag = await CreateTagAsync(Unique("Count "));
        await CreatePublishedArticleAsync(tags: [tag.Name]);
        await CreatePublishedArticleAsync(tags: [tag.Name]);
        await CreateArticleAsync(new
        {
            title = Unique("Long ago "),
            body = Body,
            status = "published",
            publishedAt = Factory.Clock.GetUtcNow().AddYears(-3),
            tags = new[] { tag.Name },
        });
        await CreateHiddenAsync(Hidden.Draft, tags: [tag.Name]);
        await CreateHiddenAsync(Hidden.DraftWithPastPublishedAt, tags: [tag.Name]);
        await CreateHiddenAsync(Hidden.Scheduled, tags: [tag.Name]);

        Assert.Equal(3, (await GetTagAsync($"/api/tags/{tag.Id}")).ArticleCount);
        Assert.Equal(3, (await GetTagAsync($"/api/tags/slug/{tag.Slug}")).ArticleCount);
        var listed = Assert.Single((await ListTagsAsync($"q={Uri.EscapeDataString(tag.Name)}")).Items);
        Assert.Equal(3, listed.ArticleCount);
        var sorted = Assert.Single((await ListTagsAsync($"q={Uri.EscapeDataString(tag.Name)}&sort=-articleCount")).Items);
        Assert.Equal(3, sorted.ArticleCount);
    }
}
