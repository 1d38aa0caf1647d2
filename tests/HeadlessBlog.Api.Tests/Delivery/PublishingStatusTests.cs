using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

public sealed class PublishingStatusOnSqlite(SqliteApiFactory factory) : PublishingStatusTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class PublishingStatusOnSqlServer(SqlServerApiFactory factory) : PublishingStatusTests<SqlServerApiFactory>(factory);

/// <summary>The status an article shows (draft, scheduled or published) and the status filter of the list.</summary>
public abstract class PublishingStatusTests<TFactory>(TFactory factory) : PublishingTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Status_IsDraftScheduledOrPublished_InWriteResponsesAndLists()
    {
        var tag = await CreateTagAsync();
        var draft = await CreateHiddenAsync(Hidden.Draft, tags: [tag.Name]);
        var datedDraft = await CreateHiddenAsync(Hidden.DraftWithPastPublishedAt, tags: [tag.Name]);
        var scheduled = await CreateHiddenAsync(Hidden.Scheduled, tags: [tag.Name]);
        var published = await CreatePublishedArticleAsync(tags: [tag.Name]);

        Assert.Equal("draft", draft.Status);
        Assert.Equal("draft", datedDraft.Status);
        Assert.Equal("scheduled", scheduled.Status);
        Assert.Equal("published", published.Status);
        Assert.Equal("published", (await GetArticleAsync($"/api/articles/{published.Id}")).Status);

        var all = await ListAsync($"tag={tag.Slug}&status=all");
        var statuses = all.Items.ToDictionary(a => a.Id, a => a.Status);
        Assert.Equal(4, all.TotalItems);
        Assert.Equal("draft", statuses[draft.Id]);
        Assert.Equal("draft", statuses[datedDraft.Id]);
        Assert.Equal("scheduled", statuses[scheduled.Id]);
        Assert.Equal("published", statuses[published.Id]);
    }

    [Fact]
    public async Task Create_Scheduled_ResponseSaysScheduledWithTheGivenPublishedAt()
    {
        var publishedAt = Factory.Clock.GetUtcNow().Add(OneHour);

        var response = await Client.PostAsJsonAsync("/api/articles", new
        {
            title = Unique("Scheduled "),
            body = Body,
            status = "published",
            publishedAt,
        }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var article = (await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
        Assert.Equal("scheduled", article.Status);
        Assert.Equal(publishedAt.UtcDateTime, article.PublishedAt);
    }

    [Fact]
    public async Task StatusFilter_ListsOnlyArticlesWithThatStatus()
    {
        var tag = await CreateTagAsync();
        var draft = await CreateHiddenAsync(Hidden.Draft, tags: [tag.Name]);
        var datedDraft = await CreateHiddenAsync(Hidden.DraftWithPastPublishedAt, tags: [tag.Name]);
        var scheduled = await CreateHiddenAsync(Hidden.Scheduled, tags: [tag.Name]);
        var laterScheduled = await CreateArticleAsync(new
        {
            title = Unique("Later "),
            body = Body,
            status = "published",
            publishedAt = Factory.Clock.GetUtcNow().AddDays(30),
            tags = new[] { tag.Name },
        });
        var published = await CreatePublishedArticleAsync(tags: [tag.Name]);

        var scheduledPage = await ListAsync($"tag={tag.Slug}&status=scheduled");
        Assert.Equal(
            new[] { scheduled.Id, laterScheduled.Id }.Order(),
            scheduledPage.Items.Select(a => a.Id).Order());
        Assert.Equal(2, scheduledPage.TotalItems);
        Assert.All(scheduledPage.Items, a => Assert.Equal("scheduled", a.Status));

        var draftPage = await ListAsync($"tag={tag.Slug}&status=draft");
        Assert.Equal(new[] { draft.Id, datedDraft.Id }.Order(), draftPage.Items.Select(a => a.Id).Order());
        Assert.All(draftPage.Items, a => Assert.Equal("draft", a.Status));

        var publishedPage = await ListAsync($"tag={tag.Slug}&status=published");
        Assert.Equal([published.Id], publishedPage.Items.Select(a => a.Id));
        Assert.Equal("published", publishedPage.Items[0].Status);
    }

    [Fact]
    public async Task StatusFilter_Unknown_Returns400NamingStatus()
    {
        var response = await Client.GetAsync("/api/articles?status=hidden", Ct);

        await AssertValidationErrorsAsync(response, "status");
    }
}
