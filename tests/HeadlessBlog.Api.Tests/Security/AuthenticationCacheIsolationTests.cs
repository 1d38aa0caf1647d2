using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Security;

public sealed class AuthenticationCacheIsolationOnSqlite(SqliteApiFactory factory) : AuthenticationCacheIsolationTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class AuthenticationCacheIsolationOnSqlServer(SqlServerApiFactory factory) : AuthenticationCacheIsolationTests<SqlServerApiFactory>(factory);

/// <summary>What an editor reads is never served to anonymous readers from a cache, and what anonymous readers read is not served to editors.</summary>
public abstract class AuthenticationCacheIsolationTests<TFactory>(TFactory factory) : AuthenticationTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task DraftReadByAnEditor_IsNeverServedToAnonymousReaders()
    {
        var draft = await CreateNonPublicAsync("draft");

        var byId = await Editor.GetAsync($"/api/articles/{draft.Id}", Ct);
        var bySlug = await Editor.GetAsync($"/api/articles/slug/{draft.Slug}", Ct);
        var byReader = await GetWithKeyAsync($"/api/articles/{draft.Id}", Factory.ReadKey);
        var anonymousById = await Raw.GetAsync($"/api/articles/{draft.Id}", Ct);
        var anonymousBySlug = await Raw.GetAsync($"/api/articles/slug/{draft.Slug}", Ct);

        foreach (var editorResponse in (HttpResponseMessage[])[byId, bySlug, byReader])
        {
            Assert.Equal(HttpStatusCode.OK, editorResponse.StatusCode);
            Assert.Equal("no-store, private", NormalizedCacheControl(editorResponse));
        }

        await ReadProblemAsync(anonymousById, HttpStatusCode.NotFound);
        await ReadProblemAsync(anonymousBySlug, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListReadByAnEditor_IsNeverServedToAnonymousReaders()
    {
        var fixture = await CreateMixedArticlesAsync();
        var all = $"/api/articles?status=all&tag={fixture.TagSlug}";
        var drafts = $"/api/articles?status=draft&tag={fixture.TagSlug}";
        var published = $"/api/articles?tag={fixture.TagSlug}";

        var editorAll = await ReadPageAsync(await Editor.GetAsync(all, Ct));
        var editorDrafts = await Editor.GetAsync(drafts, Ct);
        var editorPublished = await Editor.GetAsync(published, Ct);
        var anonymousAll = await Raw.GetAsync(all, Ct);
        var anonymousDrafts = await Raw.GetAsync(drafts, Ct);
        var anonymousPublished = await ReadPageAsync(await Raw.GetAsync(published, Ct));

        Assert.Contains(fixture.Draft, editorAll.Items.Select(a => a.Id));
        Assert.Equal("no-store, private", NormalizedCacheControl(editorDrafts));
        Assert.Equal("no-store, private", NormalizedCacheControl(editorPublished));
        await ReadProblemAsync(anonymousAll, HttpStatusCode.Unauthorized);
        await ReadProblemAsync(anonymousDrafts, HttpStatusCode.Unauthorized);
        Assert.Equal([fixture.Published], anonymousPublished.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task RelatedDraftSeenByAnEditor_IsNeverServedToAnonymousReaders()
    {
        var draft = await CreateNonPublicAsync("draft");
        var article = await CreatePublishedArticleAsync(related: [draft.Id]);
        var url = $"/api/articles/{article.Id}";

        var editorRead = (await (await Editor.GetAsync(url, Ct)).Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
        var editorRelated = await Editor.GetAsync(url + "/related", Ct);
        var anonymousRead = await Raw.GetAsync(url, Ct);
        var anonymousRelated = await Raw.GetAsync(url + "/related", Ct);

        Assert.Equal([draft.Id], editorRead.Related.Select(r => r.Id));
        Assert.Equal(HttpStatusCode.OK, editorRelated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, anonymousRead.StatusCode);
        Assert.Empty((await anonymousRead.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!.Related);
        Assert.Empty((await anonymousRelated.Content.ReadFromJsonAsync<List<ArticleSummary>>(Ct))!);
        Assert.StartsWith("public", CacheControlOf(anonymousRead), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnonymousCachedRead_IsNotServedToEditors()
    {
        var article = await CreatePublishedArticleAsync();
        var url = $"/api/articles/{article.Id}";
        var anonymous = await Raw.GetAsync(url, Ct);
        Assert.StartsWith("public", CacheControlOf(anonymous), StringComparison.Ordinal);

        var editor = await Editor.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.OK, editor.StatusCode);
        Assert.Equal("no-store, private", NormalizedCacheControl(editor));
    }

    private static string NormalizedCacheControl(HttpResponseMessage response) =>
        string.Join(", ", CacheControlOf(response).Split(',', StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));
}
