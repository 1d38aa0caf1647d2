using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Articles;

/// <summary>What the article tests share: the expected response shapes and the requests and reads they repeat.</summary>
public abstract class ArticlesTestBase<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    protected const string Body = "Some **Markdown** body.";

    protected static readonly string[] SummaryFields =
        ["excerpt", "featureImageAlt", "featureImageUrl", "id", "publishedAt", "readingTimeMinutes", "slug", "status", "summary", "tags", "title", "updatedAt", "wordCount"];

    protected static readonly string[] TagRefFields = ["id", "name", "slug"];

    /// <summary>A valid create or replace request with a unique title; set or remove keys to vary it.</summary>
    protected static Dictionary<string, object?> NewRequest(string? title = null) => new()
    {
        ["title"] = title ?? Unique("Article "),
        ["body"] = Body,
    };

    protected async Task<ArticleResponse> CreatePublishedAtAsync(string title, string publishedAt) =>
        await CreateArticleAsync(new { title, body = Body, status = "published", publishedAt });

    /// <summary>The id of an article that existed and was deleted, so no article has it.</summary>
    protected async Task<int> UnknownArticleIdAsync()
    {
        var article = await CreatePublishedArticleAsync();
        var response = await Client.DeleteAsync($"/api/articles/{article.Id}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return article.Id;
    }

    protected async Task<ArticleResponse> GetArticleAsync(int id)
    {
        var response = await Client.GetAsync($"/api/articles/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
    }

    protected async Task<JsonElement> GetArticleJsonAsync(int id)
    {
        var response = await Client.GetAsync($"/api/articles/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    protected async Task<PagedResponse<ArticleSummary>> ListAsync(string query)
    {
        // Drafts and scheduled articles are listed for editors only.
        var client = query.Contains("status=", StringComparison.Ordinal) && !query.Contains("status=published", StringComparison.Ordinal) ? Editor : Client;
        var response = await client.GetAsync("/api/articles?" + query, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<PagedResponse<ArticleSummary>>(Ct))!;
    }

    protected static string[] PropertyNames(JsonElement element) =>
        [.. element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
}
