using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Tags;

public sealed class TagsDeleteOnSqlite(SqliteApiFactory factory) : TagsDeleteTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class TagsDeleteOnSqlServer(SqlServerApiFactory factory) : TagsDeleteTests<SqlServerApiFactory>(factory);

/// <summary>DELETE /api/tags/{id}: the tag goes, and its articles lose only that tag.</summary>
public abstract class TagsDeleteTests<TFactory>(TFactory factory) : TagsTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Delete_Returns204AndTheTagIsGone()
    {
        var tag = await CreateTagAsync();

        var response = await Client.DeleteAsync($"/api/tags/{tag.Id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        await ReadProblemAsync(await Client.GetAsync($"/api/tags/{tag.Id}", Ct), HttpStatusCode.NotFound);
        await ReadProblemAsync(await Client.GetAsync($"/api/tags/slug/{tag.Slug}", Ct), HttpStatusCode.NotFound);
        Assert.Empty((await ListTagsAsync($"q={Uri.EscapeDataString(tag.Name)}")).Items);
    }

    [Fact]
    public async Task Delete_RemovesTagFromItsArticlesAndLeavesThemOtherwiseUnchanged()
    {
        var doomed = await CreateTagAsync();
        var kept = await CreateTagAsync();
        var related = await CreatePublishedArticleAsync();
        var published = await CreatePublishedArticleAsync(tags: [doomed.Name, kept.Name], related: [related.Id]);
        var draft = await CreateArticleAsync(new { title = Unique("Draft "), body = "Draft body.", tags = new[] { kept.Name, doomed.Name } });
        // Drafts are not readable by id anonymously: compare the draft's list entry instead.
        async Task<JsonObject> ReadAsync(int id) => id == draft.Id
            ? (await Editor.GetFromJsonAsync<JsonNode>($"/api/articles?status=draft&q={Uri.EscapeDataString(draft.Title)}", Ct))!["items"]![0]!.DeepClone().AsObject()
            : await GetArticleJsonAsync(id);
        var before = new[] { await ReadAsync(published.Id), await ReadAsync(draft.Id) };

        var response = await Client.DeleteAsync($"/api/tags/{doomed.Id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        foreach (var old in before)
        {
            var now = await ReadAsync(old["id"]!.GetValue<int>());
            Assert.Equal([kept.Id], now["tags"]!.AsArray().Select(t => t!["id"]!.GetValue<int>()).ToArray());
            old.Remove("tags");
            now.Remove("tags");
            Assert.True(JsonNode.DeepEquals(old, now), $"Article changed beyond its tags.\nBefore: {old}\nAfter:  {now}");
        }

        Assert.Equal(1, (await GetTagAsync(kept.Id)).ArticleCount);
        var byDeletedTag = await Editor.GetAsync($"/api/articles?status=all&tag={doomed.Slug}", Ct);
        Assert.Equal(HttpStatusCode.OK, byDeletedTag.StatusCode);
        Assert.Equal(0, (await byDeletedTag.Content.ReadFromJsonAsync<PagedResponse<ArticleSummary>>(Ct))!.TotalItems);
    }

    [Fact]
    public async Task Delete_Unknown_Returns404Problem()
    {
        var id = await DeletedTagIdAsync();

        var response = await Client.DeleteAsync($"/api/tags/{id}", Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
    }

    private async Task<JsonObject> GetArticleJsonAsync(int id)
    {
        var response = await Client.GetAsync($"/api/articles/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
    }
}
