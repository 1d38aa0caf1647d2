using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Security;

public sealed class ConcurrencyETagOnSqlite(RaceSqliteFactory factory) : ConcurrencyETagTests<RaceSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ConcurrencyETagOnSqlServer(RaceSqlServerFactory factory) : ConcurrencyETagTests<RaceSqlServerFactory>(factory);

/// <summary>ETags carry the version: every article and tag response, and every change of an article's related list, answers with it.</summary>
public abstract class ConcurrencyETagTests<TFactory>(TFactory factory) : ConcurrencyTestBase<TFactory>(factory)
    where TFactory : ApiFactory, IRaceFactory
{
    [Fact]
    public async Task ArticleResponses_OfPostGetAndPut_CarryAStrongETagWithTheVersion()
    {
        var post = await Client.PostAsJsonAsync("/api/articles", new { title = Unique("Versioned "), body = "Body.", status = "published" }, Ct);
        var created = (await post.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
        var url = $"/api/articles/{created.Id}";

        var byId = await Raw.GetAsync(url, Ct);
        var bySlug = await Raw.GetAsync($"/api/articles/slug/{created.Slug}", Ct);
        var byEditor = await Editor.GetAsync(url, Ct);
        var put = await Client.PutAsJsonAsync(url, new { title = Unique("Versioned again "), body = "New body.", status = "published" }, Ct);
        var updated = (await put.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
        var afterPut = await Raw.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        AssertETagIs(post, created.Version);
        AssertETagLeadsWith(byId, created.Version);
        AssertETagLeadsWith(bySlug, created.Version);
        AssertETagLeadsWith(byEditor, created.Version);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.NotEqual(created.Version, updated.Version);
        AssertETagIs(put, updated.Version);
        AssertETagLeadsWith(afterPut, updated.Version);
    }

    [Fact]
    public async Task TagResponses_OfPostGetAndPut_CarryAStrongETagWithTheVersion()
    {
        var post = await Client.PostAsJsonAsync("/api/tags", new { name = Unique("Versioned ") }, Ct);
        var created = (await post.Content.ReadFromJsonAsync<TagResponse>(Ct))!;
        var url = $"/api/tags/{created.Id}";

        var byId = await Raw.GetAsync(url, Ct);
        var bySlug = await Raw.GetAsync($"/api/tags/slug/{created.Slug}", Ct);
        var put = await Client.PutAsJsonAsync(url, new { name = Unique("Versioned again ") }, Ct);
        var updated = (await put.Content.ReadFromJsonAsync<TagResponse>(Ct))!;
        var afterPut = await Raw.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        AssertETagIs(post, created.Version);
        AssertETagLeadsWith(byId, created.Version);
        AssertETagLeadsWith(bySlug, created.Version);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.NotEqual(created.Version, updated.Version);
        AssertETagIs(put, updated.Version);
        AssertETagLeadsWith(afterPut, updated.Version);
    }

    [Fact]
    public async Task RelatedChanges_AnswerWithTheArticlesNewVersionAsETag()
    {
        var first = await CreatePublishedArticleAsync();
        var second = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync();
        var url = $"/api/articles/{article.Id}";

        var put = await Client.PutAsJsonAsync(url + "/related", new { articleIds = new[] { first.Id } }, Ct);
        var afterPut = await VersionAsync(url);
        var post = await Client.PostAsJsonAsync(url + "/related", new { articleId = second.Id }, Ct);
        var afterPost = await VersionAsync(url);
        var delete = await Client.DeleteAsync($"{url}/related/{first.Id}", Ct);
        var afterDelete = await VersionAsync(url);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(4, new[] { article.Version, afterPut, afterPost, afterDelete }.Distinct(StringComparer.Ordinal).Count());
        AssertETagIs(put, afterPut);
        AssertETagIs(post, afterPost);
        AssertETagIs(delete, afterDelete);
    }

    private static void AssertETagIs(HttpResponseMessage response, string version)
    {
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Equal($"\"{version}\"", etag.Tag);
    }

    private static void AssertETagLeadsWith(HttpResponseMessage response, string version)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.StartsWith($"\"{version}-", etag.Tag, StringComparison.Ordinal);
    }
}
