using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

/// <summary>What the list query tests share: articles published at a given time, and the public article list.</summary>
public abstract class ListQueryTestBase<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    protected const string Body = "Some **Markdown** body.";

    protected static int[] Ids(PagedResponse<ArticleSummary> page) => [.. page.Items.Select(a => a.Id)];

    protected Task<ArticleResponse> CreatePublishedAtAsync(string title, DateTime publishedAt) =>
        CreateArticleAsync(new { title, body = Body, status = "published", publishedAt });

    protected async Task<PagedResponse<ArticleSummary>> ListAsync(string query)
    {
        var response = await Client.GetAsync("/api/articles?" + query, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<PagedResponse<ArticleSummary>>(Ct))!;
    }
}
