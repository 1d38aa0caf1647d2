using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

public sealed class TagPageOnSqlite(SqliteApiFactory factory) : TagPageTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class TagPageOnSqlServer(SqlServerApiFactory factory) : TagPageTests<SqlServerApiFactory>(factory);

/// <summary>
/// Tag pages, tag article counts and suggestions read the article's status and publication time from its tag
/// assignments: every change of the article must reach them.
/// </summary>
public abstract class TagPageTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    private const string Body = "Some **Markdown** body.";

    [Fact]
    public async Task TagPage_FollowsEveryChangeOfStatusAndPublicationTime()
    {
        var tag = await CreateTagAsync();
        var now = Factory.Clock.GetUtcNow().UtcDateTime;
        var older = await CreateAsync(tag, now.AddDays(-2));
        var newer = await CreateAsync(tag, now.AddDays(-1));
        Assert.Equal([newer.Id, older.Id], await TagPageAsync(tag));

        // A later publication time moves the article up.
        await PutAsync(older, tag, "published", now.AddHours(-1));
        Assert.Equal([older.Id, newer.Id], await TagPageAsync(tag));

        // Unpublished: gone from the page and the count.
        await PutAsync(newer, tag, "draft", now.AddDays(-1));
        Assert.Equal([older.Id], await TagPageAsync(tag));
        Assert.Equal(1, await ArticleCountAsync(tag));

        // Scheduled: not yet there; there once its time has come.
        await PutAsync(newer, tag, "published", now.AddDays(1));
        Assert.Equal([older.Id], await TagPageAsync(tag));
        Assert.Equal(1, await ArticleCountAsync(tag));

        Factory.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal([newer.Id, older.Id], await TagPageAsync(tag));
        Assert.Equal(2, await ArticleCountAsync(tag));
    }

    [Fact]
    public async Task TagPage_OldestFirstWithDatesAndPaging_ListsOnlyTheTagsVisibleArticles()
    {
        var tag = await CreateTagAsync();
        var today = Factory.Clock.GetUtcNow().UtcDateTime.Date;
        var first = await CreateAsync(tag, today.AddDays(-30).AddHours(9));
        var second = await CreateAsync(tag, today.AddDays(-20).AddHours(9));
        var third = await CreateAsync(tag, today.AddDays(-10).AddHours(9));
        await CreateAsync(await CreateTagAsync(), today.AddDays(-20).AddHours(10));
        await CreateArticleAsync(new { title = Unique("Draft "), body = Body, status = "draft", tags = new[] { tag.Name } });

        Assert.Equal([first.Id, second.Id, third.Id], await TagPageAsync(tag, "&sort=publishedAt"));

        var day = today.AddDays(-20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal([second.Id], await TagPageAsync(tag, $"&publishedFrom={day}&publishedTo={day}"));

        var page = await ListAsync($"tag={tag.Slug}&pageSize=1&page=2");
        Assert.Equal(3, page.TotalItems);
        Assert.Equal(second.Id, Assert.Single(page.Items).Id);
    }

    [Fact]
    public async Task TagPage_OfATagAssignedAfterPublication_ListsTheArticle()
    {
        var tag = await CreateTagAsync();
        var article = await CreateArticleAsync(new { title = Unique("Untagged "), body = Body, status = "published" });
        Assert.Empty(await TagPageAsync(tag));

        await PutAsync(article, tag, "published", article.PublishedAt!.Value);

        Assert.Equal([article.Id], await TagPageAsync(tag));
        Assert.Equal(1, await ArticleCountAsync(tag));
    }

    [Fact]
    public async Task TagPage_WithSearchWords_ListsTheTagsArticlesMatchingEveryWordInTitleSummaryOrTagNames()
    {
        var tag = await CreateTagAsync();
        var (first, second) = (Unique("alpha"), Unique("beta"));
        var now = Factory.Clock.GetUtcNow().UtcDateTime;
        var inTitle = await CreateArticleAsync(new
        {
            title = $"{first} and {second}",
            body = Body,
            status = "published",
            publishedAt = now.AddDays(-4),
            tags = new[] { tag.Name },
        });
        var inSummary = await CreateArticleAsync(new
        {
            title = Unique("Plain "),
            summary = $"{second.ToUpperInvariant()} then {first}",
            body = Body,
            status = "published",
            publishedAt = now.AddDays(-3),
            tags = new[] { tag.Name },
        });
        var inTagName = await CreateArticleAsync(new
        {
            title = $"About {first}",
            body = Body,
            status = "published",
            publishedAt = now.AddDays(-2),
            tags = new[] { tag.Name, $"{second} things" },
        });
        // One word only; both words but not in the tag; both words but a draft.
        await CreateArticleAsync(new { title = $"Only {first}", body = Body, status = "published", tags = new[] { tag.Name } });
        await CreateArticleAsync(new { title = $"{first} {second}", body = Body, status = "published" });
        await CreateArticleAsync(new { title = $"{first} {second}", body = Body, status = "draft", tags = new[] { tag.Name } });

        var q = Uri.EscapeDataString($"{first} {second.ToUpperInvariant()}");
        Assert.Equal([inTagName.Id, inSummary.Id, inTitle.Id], await TagPageAsync(tag, $"&q={q}"));
        Assert.Equal([inTitle.Id, inSummary.Id, inTagName.Id], await TagPageAsync(tag, $"&q={q}&sort=publishedAt"));
        Assert.Equal(3, (await ListAsync($"tag={tag.Slug}&q={q}")).TotalItems);
    }

    [Fact]
    public async Task Suggestions_LeaveOutAnArticleOnceItIsRescheduled_AndShowItWhenItsTimeComes()
    {
        var tag = await CreateTagAsync();
        var now = Factory.Clock.GetUtcNow().UtcDateTime;
        var source = await CreateAsync(tag, now.AddDays(-2));
        var candidate = await CreateAsync(tag, now.AddDays(-1));
        Assert.Equal([candidate.Id], await SuggestionIdsAsync(source));

        await PutAsync(candidate, tag, "published", now.AddDays(1));
        Assert.Empty(await SuggestionIdsAsync(source));

        Factory.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal([candidate.Id], await SuggestionIdsAsync(source));
    }

    private Task<ArticleResponse> CreateAsync(TagResponse tag, DateTime publishedAt) =>
        CreateArticleAsync(new { title = Unique("Article "), body = Body, status = "published", publishedAt, tags = new[] { tag.Name } });

    private async Task PutAsync(ArticleResponse article, TagResponse tag, string status, DateTime publishedAt)
    {
        var response = await Client.PutAsJsonAsync(
            $"/api/articles/{article.Id}", new { title = article.Title, body = Body, status, publishedAt, tags = new[] { tag.Name } }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    private async Task<PagedResponse<ArticleSummary>> ListAsync(string query)
    {
        var response = await Client.GetAsync("/api/articles?" + query, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<PagedResponse<ArticleSummary>>(Ct))!;
    }

    private async Task<int[]> TagPageAsync(TagResponse tag, string extra = "") =>
        [.. (await ListAsync($"tag={tag.Slug}&pageSize=100{extra}")).Items.Select(a => a.Id)];

    private async Task<int> ArticleCountAsync(TagResponse tag)
    {
        var read = await Client.GetFromJsonAsync<TagResponse>($"/api/tags/{tag.Id}", Ct);
        return read!.ArticleCount;
    }

    private async Task<int[]> SuggestionIdsAsync(ArticleResponse article)
    {
        var suggestions = await Client.GetFromJsonAsync<List<ArticleSummary>>($"/api/articles/{article.Id}/suggestions?limit=20", Ct);
        return [.. suggestions!.Select(a => a.Id)];
    }
}
