using System.Net;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

public sealed class PublishingPublishedAtOnSqlite(SqliteApiFactory factory) : PublishingPublishedAtTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class PublishingPublishedAtOnSqlServer(SqlServerApiFactory factory) : PublishingPublishedAtTests<SqlServerApiFactory>(factory);

/// <summary>publishedAt: set to now on first publication, kept when republished, replaced when given, and compared as an instant.</summary>
public abstract class PublishingPublishedAtTests<TFactory>(TFactory factory) : PublishingTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Create_PublishedWithoutPublishedAt_SetsItToNow()
    {
        var before = Factory.Clock.GetUtcNow().UtcDateTime;
        var article = await CreateArticleAsync(new { title = Unique("Now "), body = Body, status = "published" });
        var after = Factory.Clock.GetUtcNow().UtcDateTime;

        Assert.Equal("published", article.Status);
        Assert.NotNull(article.PublishedAt);
        Assert.InRange(article.PublishedAt.Value, before, after);
        var read = await GetArticleAsync($"/api/articles/{article.Id}");
        Assert.Equal(article.PublishedAt, read.PublishedAt);
        Assert.Equal("published", read.Status);
    }

    [Fact]
    public async Task Update_PublishingADraftWithoutPublishedAt_SetsItToNow()
    {
        var draft = await CreateArticleAsync(new { title = Unique("Draft "), body = Body, status = "draft" });
        Assert.Null(draft.PublishedAt);
        Factory.Clock.Advance(TimeSpan.FromMinutes(30));

        var before = Factory.Clock.GetUtcNow().UtcDateTime;
        var published = await PutAsync(draft.Id, new { title = draft.Title, body = Body, status = "published" });
        var after = Factory.Clock.GetUtcNow().UtcDateTime;

        Assert.Equal("published", published.Status);
        Assert.NotNull(published.PublishedAt);
        Assert.InRange(published.PublishedAt.Value, before, after);
        Assert.Equal(published.PublishedAt, (await GetArticleAsync($"/api/articles/{draft.Id}")).PublishedAt);
    }

    [Fact]
    public async Task UnpublishAndRepublish_WithoutPublishedAt_KeepsTheFirstPublishedAt()
    {
        var tag = await CreateTagAsync();
        var article = await CreateArticleAsync(new { title = Unique("Back "), body = Body, status = "published", tags = new[] { tag.Name } });
        var first = article.PublishedAt;
        Assert.NotNull(first);
        Assert.Equal([article.Id], (await ListAsync($"tag={tag.Slug}")).Items.Select(a => a.Id));
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/api/articles/{article.Id}", Ct)).StatusCode);

        Factory.Clock.Advance(TimeSpan.FromDays(1));
        var unpublished = await PutAsync(article.Id, new { title = article.Title, body = Body, status = "draft", tags = new[] { tag.Name } });

        Assert.Equal("draft", unpublished.Status);
        Assert.Equal(first, unpublished.PublishedAt);
        await AssertNotFoundAsync($"/api/articles/{article.Id}");
        await AssertNotFoundAsync($"/api/articles/slug/{article.Slug}");
        Assert.Empty((await ListAsync($"tag={tag.Slug}")).Items);

        Factory.Clock.Advance(TimeSpan.FromDays(1));
        var republished = await PutAsync(article.Id, new { title = article.Title, body = Body, status = "published", tags = new[] { tag.Name } });

        Assert.Equal("published", republished.Status);
        Assert.Equal(first, republished.PublishedAt);
        var read = await GetArticleAsync($"/api/articles/{article.Id}");
        Assert.Equal(first, read.PublishedAt);
        var listed = Assert.Single((await ListAsync($"tag={tag.Slug}")).Items);
        Assert.Equal(first, listed.PublishedAt);
    }

    [Fact]
    public async Task PublishedAt_WithAnOffset_IsComparedAsAnInstant()
    {
        var now = Factory.Clock.GetUtcNow();
        // An hour ago, written at +05:00: its clock reading lies in the future if the offset were ignored.
        var past = now.AddHours(-1).ToOffset(TimeSpan.FromHours(5));
        // An hour ahead, written at -05:00: its clock reading lies in the past if the offset were ignored.
        var future = now.AddHours(1).ToOffset(TimeSpan.FromHours(-5));

        var visible = await CreateArticleAsync(new { title = Unique("East "), body = Body, status = "published", publishedAt = past });
        var scheduled = await CreateArticleAsync(new { title = Unique("West "), body = Body, status = "published", publishedAt = future });

        Assert.Equal("published", visible.Status);
        Assert.Equal(past.UtcDateTime, visible.PublishedAt);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/api/articles/{visible.Id}", Ct)).StatusCode);
        Assert.Equal("scheduled", scheduled.Status);
        Assert.Equal(future.UtcDateTime, scheduled.PublishedAt);
        await AssertNotFoundAsync($"/api/articles/{scheduled.Id}");
    }

    [Fact]
    public async Task Update_WithPublishedAt_ReplacesIt()
    {
        var article = await CreatePublishedArticleAsync();
        var earlier = Factory.Clock.GetUtcNow().AddDays(-10);

        var updated = await PutAsync(article.Id, new { title = article.Title, body = Body, status = "published", publishedAt = earlier });

        Assert.Equal(earlier.UtcDateTime, updated.PublishedAt);
        Assert.Equal("published", updated.Status);
        Assert.Equal(earlier.UtcDateTime, (await GetArticleAsync($"/api/articles/{article.Id}")).PublishedAt);
    }

    [Fact]
    public async Task Update_WithFuturePublishedAt_HidesAPublishedArticleUntilThen()
    {
        var tag = await CreateTagAsync();
        var article = await CreatePublishedArticleAsync(tags: [tag.Name]);
        // Read first: these answers may now be cached, and the update must evict them.
        Assert.Equal(article.Id, (await GetArticleAsync($"/api/articles/{article.Id}")).Id);
        Assert.Single((await ListAsync($"tag={tag.Slug}")).Items);
        Assert.Equal(1, (await GetTagAsync($"/api/tags/{tag.Id}")).ArticleCount);
        var later = Factory.Clock.GetUtcNow().Add(OneHour);

        var updated = await PutAsync(article.Id, new
        {
            title = article.Title,
            body = Body,
            status = "published",
            publishedAt = later,
            tags = new[] { tag.Name },
        });

        Assert.Equal("scheduled", updated.Status);
        Assert.Equal(later.UtcDateTime, updated.PublishedAt);
        await AssertNotFoundAsync($"/api/articles/{article.Id}");
        Assert.Empty((await ListAsync($"tag={tag.Slug}")).Items);
        Assert.Equal(0, (await GetTagAsync($"/api/tags/{tag.Id}")).ArticleCount);

        Factory.Clock.Advance(OneHour + TimeSpan.FromSeconds(1));

        Assert.Equal("published", (await GetArticleAsync($"/api/articles/{article.Id}")).Status);
        Assert.Single((await ListAsync($"tag={tag.Slug}")).Items);
        Assert.Equal(1, (await GetTagAsync($"/api/tags/{tag.Id}")).ArticleCount);
    }

    [Fact]
    public async Task Update_RepublishingAScheduledArticleWithoutPublishedAt_KeepsItScheduled()
    {
        var scheduled = await CreateHiddenAsync(Hidden.Scheduled);

        var updated = await PutAsync(scheduled.Id, new { title = scheduled.Title, body = "Edited body.", status = "published" });

        Assert.Equal("scheduled", updated.Status);
        Assert.Equal(scheduled.PublishedAt, updated.PublishedAt);
        await AssertNotFoundAsync($"/api/articles/{scheduled.Id}");
    }
}
