using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

public sealed class PublishingOnSqlite(SqliteApiFactory factory) : PublishingTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class PublishingOnSqlServer(SqlServerApiFactory factory) : PublishingTests<SqlServerApiFactory>(factory);

/// <summary>
/// Publishing rules: only visible articles (published, with a publication time that has come) are shown to readers;
/// a scheduled article appears on time, even in cached responses; publishedAt is set, kept and replaced as specified.
/// </summary>
public abstract class PublishingTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    private const string Body = "Some **Markdown** body.";

    private static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

    // ---------- Non-visible articles are hidden from public reads ----------

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

    // ---------- Status ----------

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

    // ---------- A scheduled article appears when its time comes ----------

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

    // ---------- publishedAt ----------

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

    // ---------- helpers ----------

    /// <summary>Kinds of articles a reader must not see.</summary>
    private static class Hidden
    {
        /// <summary>A draft never published.</summary>
        public const string Draft = "draft";

        /// <summary>A draft whose publishedAt is in the past: the status decides, not the date.</summary>
        public const string DraftWithPastPublishedAt = "draft with a past publishedAt";

        /// <summary>Published with a publishedAt one hour ahead.</summary>
        public const string Scheduled = "scheduled";
    }

    private Task<ArticleResponse> CreateHiddenAsync(string kind, string[]? tags = null)
    {
        var now = Factory.Clock.GetUtcNow();
        return kind switch
        {
            Hidden.Draft => CreateArticleAsync(new { title = Unique("Draft "), body = Body, status = "draft", tags }),
            Hidden.DraftWithPastPublishedAt => CreateArticleAsync(new
            {
                title = Unique("Dated draft "),
                body = Body,
                status = "draft",
                publishedAt = now.AddDays(-2),
                tags,
            }),
            Hidden.Scheduled => CreateArticleAsync(new
            {
                title = Unique("Scheduled "),
                body = Body,
                status = "published",
                publishedAt = now.Add(OneHour),
                tags,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown kind of hidden article."),
        };
    }

    private async Task AssertNotFoundAsync(string url)
    {
        var response = await Client.GetAsync(url, Ct);
        await ReadProblemAsync(response, HttpStatusCode.NotFound);
    }

    private async Task<ArticleResponse> GetArticleAsync(string url)
    {
        var response = await Client.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
    }

    private async Task<List<ArticleSummary>> GetRelatedAsync(int id)
    {
        var response = await Client.GetAsync($"/api/articles/{id}/related", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<List<ArticleSummary>>(Ct))!;
    }

    private async Task<TagResponse> GetTagAsync(string url)
    {
        var response = await Client.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        return (await response.Content.ReadFromJsonAsync<TagResponse>(Ct))!;
    }

    private async Task<PagedResponse<ArticleSummary>> ListAsync(string query)
    {
        // Drafts and scheduled articles are listed for editors only.
        var client = query.Contains("status=", StringComparison.Ordinal) && !query.Contains("status=published", StringComparison.Ordinal) ? Editor : Client;
        var response = await client.GetAsync("/api/articles?" + query, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<PagedResponse<ArticleSummary>>(Ct))!;
    }

    private async Task<PagedResponse<TagResponse>> ListTagsAsync(string query)
    {
        var response = await Client.GetAsync("/api/tags?" + query, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<PagedResponse<TagResponse>>(Ct))!;
    }

    private async Task<ArticleResponse> PutAsync(int id, object request)
    {
        var response = await Client.PutAsJsonAsync($"/api/articles/{id}", request, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
    }
}
