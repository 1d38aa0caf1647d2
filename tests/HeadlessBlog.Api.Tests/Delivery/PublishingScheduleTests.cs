using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

public sealed class PublishingScheduleOnSqlite(SqliteApiFactory factory) : PublishingScheduleTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class PublishingScheduleOnSqlServer(SqlServerApiFactory factory) : PublishingScheduleTests<SqlServerApiFactory>(factory);

/// <summary>A scheduled article appears when its time comes, and not a second before, even in responses cached just before.</summary>
public abstract class PublishingScheduleTests<TFactory>(TFactory factory) : PublishingTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task ScheduledArticle_BecomesVisibleWhenItsTimeComes()
    {
        var tag = await CreateTagAsync(Unique("Soon "));
        var publishedAt = Factory.Clock.GetUtcNow().Add(OneHour);
        var scheduled = await CreateArticleAsync(new
        {
            title = Unique("Scheduled "),
            body = Body,
            status = "published",
            publishedAt,
            tags = new[] { tag.Name },
        });
        var linking = await CreatePublishedArticleAsync(related: [scheduled.Id]);

        // Before its time: hidden everywhere a reader looks (and these answers may now sit in the output cache).
        Assert.Empty((await ListAsync($"tag={tag.Slug}")).Items);
        await AssertNotFoundAsync($"/api/articles/{scheduled.Id}");
        await AssertNotFoundAsync($"/api/articles/slug/{scheduled.Slug}");
        Assert.Equal(0, (await GetTagAsync($"/api/tags/{tag.Id}")).ArticleCount);
        Assert.Equal(0, (await GetTagAsync($"/api/tags/slug/{tag.Slug}")).ArticleCount);
        Assert.Equal(0, Assert.Single((await ListTagsAsync($"q={Uri.EscapeDataString(tag.Name)}")).Items).ArticleCount);
        Assert.Empty(await GetRelatedAsync(linking.Id));
        Assert.Empty((await GetArticleAsync($"/api/articles/{linking.Id}")).Related);

        Factory.Clock.Advance(OneHour + TimeSpan.FromSeconds(1));

        // Its time has come: visible everywhere, with no write, job or restart in between.
        var page = await ListAsync($"tag={tag.Slug}");
        var item = Assert.Single(page.Items);
        Assert.Equal(scheduled.Id, item.Id);
        Assert.Equal("published", item.Status);
        var byId = await GetArticleAsync($"/api/articles/{scheduled.Id}");
        Assert.Equal("published", byId.Status);
        Assert.Equal(publishedAt.UtcDateTime, byId.PublishedAt);
        Assert.Equal(scheduled.Id, (await GetArticleAsync($"/api/articles/slug/{scheduled.Slug}")).Id);
        Assert.Equal(1, (await GetTagAsync($"/api/tags/{tag.Id}")).ArticleCount);
        Assert.Equal(1, (await GetTagAsync($"/api/tags/slug/{tag.Slug}")).ArticleCount);
        Assert.Equal(1, Assert.Single((await ListTagsAsync($"q={Uri.EscapeDataString(tag.Name)}")).Items).ArticleCount);
        Assert.Equal([scheduled.Id], (await GetRelatedAsync(linking.Id)).Select(r => r.Id));
        Assert.Equal([scheduled.Id], (await GetArticleAsync($"/api/articles/{linking.Id}")).Related.Select(r => r.Id));
    }

    [Fact]
    public async Task ScheduledArticle_BecomesVisibleOnTime_EvenWhenListsWereCachedJustBefore()
    {
        var tag = await CreateTagAsync(Unique("Cached "));
        var scheduled = await CreateArticleAsync(new
        {
            title = Unique("Scheduled "),
            body = Body,
            status = "published",
            publishedAt = Factory.Clock.GetUtcNow().Add(OneHour),
            tags = new[] { tag.Name },
        });
        var linking = await CreatePublishedArticleAsync(related: [scheduled.Id]);

        // A few seconds before its time, readers fetch the lists, the tag and the linking article...
        Factory.Clock.Advance(OneHour - TimeSpan.FromSeconds(5));
        await AssertStillHiddenAsync();
        // ...and fetch them again: now they come from the output cache, without touching the database.
        Factory.Commands.Reset();
        await AssertStillHiddenAsync();
        Assert.True(
            Factory.Commands.Count == 0,
            $"Precondition: the repeated reads should be served from the output cache, but {Factory.Commands.Count} SQL commands ran.");

        Factory.Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([scheduled.Id], (await ListAsync($"tag={tag.Slug}")).Items.Select(a => a.Id));
        Assert.Equal(1, (await GetTagAsync($"/api/tags/{tag.Id}")).ArticleCount);
        Assert.Equal(1, (await GetTagAsync($"/api/tags/slug/{tag.Slug}")).ArticleCount);
        Assert.Equal(1, Assert.Single((await ListTagsAsync($"q={Uri.EscapeDataString(tag.Name)}")).Items).ArticleCount);
        Assert.Equal([scheduled.Id], (await GetArticleAsync($"/api/articles/{linking.Id}")).Related.Select(r => r.Id));
        Assert.Equal([scheduled.Id], (await GetRelatedAsync(linking.Id)).Select(r => r.Id));
        Assert.Equal("published", (await GetArticleAsync($"/api/articles/{scheduled.Id}")).Status);

        async Task AssertStillHiddenAsync()
        {
            Assert.Empty((await ListAsync($"tag={tag.Slug}")).Items);
            Assert.Equal(0, (await GetTagAsync($"/api/tags/{tag.Id}")).ArticleCount);
            Assert.Equal(0, (await GetTagAsync($"/api/tags/slug/{tag.Slug}")).ArticleCount);
            Assert.Equal(0, Assert.Single((await ListTagsAsync($"q={Uri.EscapeDataString(tag.Name)}")).Items).ArticleCount);
            Assert.Empty((await GetArticleAsync($"/api/articles/{linking.Id}")).Related);
            Assert.Empty(await GetRelatedAsync(linking.Id));
        }
    }

    [Fact]
    public async Task ScheduledArticle_IsStillHiddenOneSecondBeforeItsTime()
    {
        var tag = await CreateTagAsync();
        var scheduled = await CreateArticleAsync(new
        {
            title = Unique("Almost "),
            body = Body,
            status = "published",
            publishedAt = Factory.Clock.GetUtcNow().Add(OneHour),
            tags = new[] { tag.Name },
        });

        Factory.Clock.Advance(OneHour - TimeSpan.FromSeconds(1));

        await AssertNotFoundAsync($"/api/articles/{scheduled.Id}");
        Assert.Empty((await ListAsync($"tag={tag.Slug}")).Items);
        var listed = Assert.Single((await ListAsync($"tag={tag.Slug}&status=scheduled")).Items);
        Assert.Equal("scheduled", listed.Status);

        Factory.Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(scheduled.Id, (await GetArticleAsync($"/api/articles/{scheduled.Id}")).Id);
        Assert.Empty((await ListAsync($"tag={tag.Slug}&status=scheduled")).Items);
    }
}
