using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Site;

/// <summary>Feeds and canonical URLs link to the frontend: without <c>Site:Url</c> there is nothing to link to.</summary>
public sealed class FeedSettingsTests(SqliteApiFactory factory) : ApiTestBase<SqliteApiFactory>(factory)
{
    [Theory]
    [InlineData("rss")]
    [InlineData("atom")]
    [InlineData("json")]
    public async Task Feed_WithoutSiteUrl_Returns404NamingTheSetting(string format)
    {
        var response = await Client.GetAsync($"/api/feeds/{format}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Site:Url", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seo_WithoutSiteUrlOrCanonicalUrl_HasNoCanonicalUrl()
    {
        var article = await CreatePublishedArticleAsync();

        var read = await Client.GetFromJsonAsync<HeadlessBlog.Api.Articles.ArticleResponse>($"/api/articles/{article.Id}", Ct);

        Assert.NotNull(read!.Seo);
        Assert.Null(read.Seo.CanonicalUrl);
    }
}
