using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

/// <summary>What the publishing tests share: articles a reader must not see, and the reads that show what a reader sees.</summary>
public abstract class PublishingTestBase<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    protected const string Body = "Some **Markdown** body.";

    protected static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

    /// <summary>Kinds of articles a reader must not see.</summary>
    protected static class Hidden
    {
        /// <summary>A draft never published.</summary>
        public const string Draft = "draft";

        /// <summary>A draft whose publishedAt is in the past: the status decides, not the date.</summary>
        public const string DraftWithPastPublishedAt = "draft with a past publishedAt";

        /// <summary>Published with a publishedAt one hour ahead.</summary>
        public const string Scheduled = "scheduled";
    }

    protected Task<ArticleResponse> CreateHiddenAsync(string kind, string[]? tags = null)
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

    protected async Task AssertNotFoundAsync(string url)
    {
        var response = await Client.GetAsync(url, Ct);
        await ReadProblemAsync(response, HttpStatusCode.NotFound);
    }

    protected async Task<ArticleResponse> GetArticleAsync(string url)
    {
        var response = await Client.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
    }

    protected async Task<List<ArticleSummary>> GetRelatedAsync(int id)
    {
        var response = await Client.GetAsync($"/api/articles/{id}/related", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<List<ArticleSummary>>(Ct))!;
    }

    protected async Task<TagResponse> GetTagAsync(string url)
    {
        var response = await Client.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        return (await response.Content.ReadFromJsonAsync<TagResponse>(Ct))!;
    }

    protected async Task<PagedResponse<ArticleSummary>> ListAsync(string query)
    {
        // Drafts and scheduled articles are listed for editors only.
        var client = query.Contains("status=", StringComparison.Ordinal) && !query.Contains("status=published", StringComparison.Ordinal) ? Editor : Client;
        var response = await client.GetAsync("/api/articles?" + query, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<PagedResponse<ArticleSummary>>(Ct))!;
    }

    protected async Task<PagedResponse<TagResponse>> ListTagsAsync(string query)
    {
        var response = await Client.GetAsync("/api/tags?" + query, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<PagedResponse<TagResponse>>(Ct))!;
    }
}
