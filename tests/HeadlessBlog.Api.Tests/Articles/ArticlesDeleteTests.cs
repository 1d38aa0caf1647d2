using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Articles;

public sealed class ArticlesDeleteOnSqlite(SqliteApiFactory factory) : ArticlesDeleteTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ArticlesDeleteOnSqlServer(SqlServerApiFactory factory) : ArticlesDeleteTests<SqlServerApiFactory>(factory);

/// <summary>DELETE /api/articles/{id}: the article, its tag assignments and its links go; other rows stay.</summary>
public abstract class ArticlesDeleteTests<TFactory>(TFactory factory) : ArticlesTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Delete_ExistingArticle_Returns204AndItIsGone()
    {
        var article = await CreatePublishedArticleAsync();

        var response = await Client.DeleteAsync($"/api/articles/{article.Id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await ReadProblemAsync(await Client.GetAsync($"/api/articles/{article.Id}", Ct), HttpStatusCode.NotFound);
        await ReadProblemAsync(await Client.GetAsync($"/api/articles/slug/{article.Slug}", Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_RemovesItsTagsAndLinksFromAndToIt_ButKeepsOtherArticlesAndTags()
    {
        var tagName = Unique("Shared ");
        var other = await CreatePublishedArticleAsync(tags: [tagName]);
        var doomed = await CreatePublishedArticleAsync(tags: [tagName], related: [other.Id]);
        var pointing = await CreatePublishedArticleAsync(related: [doomed.Id, other.Id]);
        await PutAsync(other.Id, new { title = other.Title, body = Body, status = "published", tags = new[] { tagName }, relatedArticleIds = new[] { doomed.Id } });
        var tag = doomed.Tags.Single();

        var response = await Client.DeleteAsync($"/api/articles/{doomed.Id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var otherAfter = await GetArticleAsync(other.Id);
        Assert.Empty(otherAfter.Related);
        Assert.Equal([tag.Id], otherAfter.Tags.Select(t => t.Id));
        Assert.Equal([other.Id], (await GetArticleAsync(pointing.Id)).Related.Select(r => r.Id));
        var storedTag = await Client.GetFromJsonAsync<TagResponse>($"/api/tags/{tag.Id}", Ct);
        Assert.NotNull(storedTag);
        Assert.Equal(1, storedTag.ArticleCount);
        Assert.Equal([other.Id], (await ListAsync($"tag={tag.Slug}&status=all")).Items.Select(a => a.Id));
    }

    [Fact]
    public async Task Delete_UnknownArticle_Returns404Problem()
    {
        var id = await UnknownArticleIdAsync();

        var response = await Client.DeleteAsync($"/api/articles/{id}", Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
    }
}
