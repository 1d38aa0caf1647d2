using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Articles;

public sealed class ArticlesGetOnSqlite(SqliteApiFactory factory) : ArticlesGetTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ArticlesGetOnSqlServer(SqlServerApiFactory factory) : ArticlesGetTests<SqlServerApiFactory>(factory);

/// <summary>GET /api/articles/{id} and /api/articles/slug/{slug}.</summary>
public abstract class ArticlesGetTests<TFactory>(TFactory factory) : ArticlesTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    // Default formats: markdown (body) and html (bodyHtml).
    /// <summary>The page-head fields of a whole article (see <see cref="HeadlessBlog.Api.Articles.ArticleSeo"/>).</summary>
    private static readonly string[] SeoFields =
        ["canonicalUrl", "featureImageCaption", "featureImageCaptionHtml", "metaDescription", "metaTitle", "ogDescription", "ogImageUrl", "ogTitle", "seo", "twitterDescription", "twitterImageUrl", "twitterTitle"];

    private static readonly string[] ArticleFields =
        [.. SummaryFields, "body", "bodyHtml", "createdAt", "related", "version", .. SeoFields];

    [Fact]
    public async Task GetById_ReturnsFullArticleWithBodyCreatedAtVersionAndRelated()
    {
        var tagName = Unique("Shape ");
        var other = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync(tags: [tagName], related: [other.Id]);

        var json = await GetArticleJsonAsync(article.Id);

        Assert.Equal(ArticleFields.Order(StringComparer.Ordinal), PropertyNames(json));
        Assert.Equal(Body, json.GetProperty("body").GetString());
        Assert.Equal(article.Version, json.GetProperty("version").GetString());
        Assert.Equal(TagRefFields, PropertyNames(json.GetProperty("tags")[0]));
        Assert.Equal(other.Id, json.GetProperty("related")[0].GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task GetById_UnknownArticle_Returns404Problem()
    {
        var id = await UnknownArticleIdAsync();

        var response = await Client.GetAsync($"/api/articles/{id}", Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetBySlug_ReturnsFullArticle()
    {
        var article = await CreatePublishedArticleAsync();

        var response = await Client.GetAsync($"/api/articles/slug/{article.Slug}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var found = await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct);
        Assert.NotNull(found);
        Assert.Equal(article.Id, found.Id);
        Assert.Equal(article.Title, found.Title);
        Assert.Equal(Body, found.Body);
    }

    [Fact]
    public async Task GetBySlug_UnknownSlug_Returns404Problem()
    {
        var response = await Client.GetAsync($"/api/articles/slug/{Unique("missing-")}", Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
    }
}
