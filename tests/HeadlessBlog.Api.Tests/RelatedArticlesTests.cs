using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests;

public sealed class RelatedArticlesOnSqlite(SqliteApiFactory factory) : RelatedArticlesTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class RelatedArticlesOnSqlServer(SqlServerApiFactory factory) : RelatedArticlesTests<SqlServerApiFactory>(factory);

public abstract class RelatedArticlesTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    private static readonly string[] SummaryFields =
        ["excerpt", "featureImageAlt", "featureImageUrl", "id", "publishedAt", "readingTimeMinutes", "slug", "status", "summary", "tags", "title", "updatedAt", "wordCount"];

    // ---------- GET /api/articles/{id}/related ----------

    [Fact]
    public async Task List_ReturnsRelatedSummariesInLinkOrder()
    {
        var b = await CreatePublishedArticleAsync(tags: [Unique("Related tag ")]);
        var c = await CreatePublishedArticleAsync();
        var d = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync(related: [d.Id, b.Id, c.Id]);

        var response = await Client.GetAsync($"/api/articles/{article.Id}/related", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var items = json.EnumerateArray().ToArray();
        Assert.Equal([d.Id, b.Id, c.Id], items.Select(i => i.GetProperty("id").GetInt32()));
        Assert.Equal([d.Title, b.Title, c.Title], items.Select(i => i.GetProperty("title").GetString()));
        Assert.Equal([d.Slug, b.Slug, c.Slug], items.Select(i => i.GetProperty("slug").GetString()));
        Assert.All(items, i => Assert.Equal(SummaryFields, PropertyNames(i)));
        Assert.Equal(b.Tags[0].Id, items[1].GetProperty("tags")[0].GetProperty("id").GetInt32());
    }

    /// <summary>
    /// An article read builds its related summaries in SQL (see <c>ArticleRelatedList</c>), the related list through
    /// EF Core: text with quotes and non-ASCII letters, missing fields, fractional seconds and tags come out the same.
    /// </summary>
    [Fact]
    public async Task ArticleRead_ShowsEachRelatedSummaryAsTheRelatedListDoes()
    {
        var full = await CreateArticleAsync(new
        {
            title = Unique("Quoted \"related\" – über "),
            summary = "A summary with \"quotes\", a backslash \\ and a line\nbreak.",
            featureImageUrl = "https://example.com/image.png",
            featureImageAlt = "An image",
            body = "Some **Markdown** body.",
            status = "published",
            publishedAt = new DateTimeOffset(2024, 5, 6, 7, 8, 9, 123, TimeSpan.Zero).AddTicks(4567),
            tags = new[] { Unique("Related tag "), Unique("Related tag ") },
        });
        var draft = await CreateArticleAsync(new { title = Unique("Draft "), body = "Draft body.", status = "draft" });
        var plain = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync(related: [full.Id, draft.Id, plain.Id]);

        foreach (var (reader, expected) in new[] { (Client, 2), (Editor, 3) })
        {
            var list = await reader.GetStringAsync($"/api/articles/{article.Id}/related", Ct);
            using var read = JsonDocument.Parse(await reader.GetStringAsync($"/api/articles/{article.Id}", Ct));

            var related = read.RootElement.GetProperty("related");
            Assert.Equal(expected, related.GetArrayLength());
            Assert.Equal(list, related.GetRawText());
        }
    }

    [Fact]
    public async Task List_ForArticleWithoutLinks_ReturnsEmptyArray()
    {
        var article = await CreatePublishedArticleAsync();

        var related = await GetRelatedAsync(article.Id);

        Assert.Empty(related);
    }

    [Fact]
    public async Task List_ForUnknownArticle_Returns404Problem()
    {
        var id = await UnknownArticleIdAsync();

        var response = await Client.GetAsync($"/api/articles/{id}/related", Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_ShowsOnlyOutgoingLinks()
    {
        var target = await CreatePublishedArticleAsync();
        await CreatePublishedArticleAsync(related: [target.Id]);

        var related = await GetRelatedAsync(target.Id);

        Assert.Empty(related);
    }

    // ---------- PUT /api/articles/{id}/related ----------

    [Fact]
    public async Task Replace_WithNewOrderedList_Returns200AndReplacesTheWholeList()
    {
        var a = await CreatePublishedArticleAsync();
        var b = await CreatePublishedArticleAsync();
        var c = await CreatePublishedArticleAsync();
        var d = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync(related: [a.Id, b.Id, c.Id]);

        var response = await Client.PutAsJsonAsync($"/api/articles/{article.Id}/related", new { articleIds = new[] { d.Id, c.Id, a.Id } }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var returned = await response.Content.ReadFromJsonAsync<List<ArticleSummary>>(Ct);
        Assert.NotNull(returned);
        Assert.Equal([d.Id, c.Id, a.Id], Ids(returned));
        Assert.Equal([d.Id, c.Id, a.Id], Ids(await GetRelatedAsync(article.Id)));
        Assert.Equal([d.Id, c.Id, a.Id], (await GetArticleAsync(article.Id)).Related.Select(r => r.Id));
    }

    [Fact]
    public async Task Replace_WithEmptyList_RemovesEveryLink()
    {
        var a = await CreatePublishedArticleAsync();
        var b = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync(related: [a.Id, b.Id]);

        var response = await Client.PutAsJsonAsync($"/api/articles/{article.Id}/related", new { articleIds = Array.Empty<int>() }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await response.Content.ReadFromJsonAsync<List<ArticleSummary>>(Ct))!);
        Assert.Empty(await GetRelatedAsync(article.Id));
        Assert.NotNull(await GetArticleAsync(a.Id));
    }

    [Fact]
    public async Task Replace_WithItself_Returns400AndKeepsTheList()
    {
        var a = await CreatePublishedArticleAsync();
        var b = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync(related: [a.Id]);

        var response = await Client.PutAsJsonAsync($"/api/articles/{article.Id}/related", new { articleIds = new[] { b.Id, article.Id } }, Ct);

        await AssertValidationErrorsAsync(response, "articleIds");
        Assert.Equal([a.Id], Ids(await GetRelatedAsync(article.Id)));
    }

    [Fact]
    public async Task Replace_WithDuplicateId_Returns400AndKeepsTheList()
    {
        var a = await CreatePublishedArticleAsync();
        var b = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync(related: [a.Id]);

        var response = await Client.PutAsJsonAsync($"/api/articles/{article.Id}/related", new { articleIds = new[] { b.Id, a.Id, b.Id } }, Ct);

        await AssertValidationErrorsAsync(response, "articleIds");
        Assert.Equal([a.Id], Ids(await GetRelatedAsync(article.Id)));
    }

    [Fact]
    public async Task Replace_WithUnknownId_Returns400NamingItAndKeepsTheList()
    {
        var a = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync(related: [a.Id]);
        var unknown = await UnknownArticleIdAsync();

        var response = await Client.PutAsJsonAsync($"/api/articles/{article.Id}/related", new { articleIds = new[] { a.Id, unknown } }, Ct);

        var problem = await AssertValidationErrorsAsync(response, "articleIds");
        Assert.Contains(Text(unknown), ErrorsOf(problem, "articleIds"), StringComparison.Ordinal);
        Assert.Equal([a.Id], Ids(await GetRelatedAsync(article.Id)));
    }

    [Fact]
    public async Task Replace_WithoutArticleIds_Returns400()
    {
        var article = await CreatePublishedArticleAsync();

        var response = await Client.PutAsJsonAsync($"/api/articles/{article.Id}/related", new { }, Ct);

        await AssertValidationErrorsAsync(response, "articleIds");
    }

    [Fact]
    public async Task Replace_ForUnknownArticle_Returns404Problem()
    {
        var target = await CreatePublishedArticleAsync();
        var id = await UnknownArticleIdAsync();

        var response = await Client.PutAsJsonAsync($"/api/articles/{id}/related", new { articleIds = new[] { target.Id } }, Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
    }

    // ---------- POST /api/articles/{id}/related ----------

    [Fact]
    public async Task Add_WithoutPosition_AppendsAndReturns201WithTheNewList()
    {
        var a = await CreatePublishedArticleAsync();
        var b = await CreatePublishedArticleAsync();
        var c = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync(related: [a.Id, b.Id]);

        var response = await Client.PostAsJsonAsync($"/api/articles/{article.Id}/related", new { articleId = c.Id }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/articles/{article.Id}/related", response.Headers.Location?.OriginalString);
        var returned = await response.Content.ReadFromJsonAsync<List<ArticleSummary>>(Ct);
        Assert.NotNull(returned);
        Assert.Equal([a.Id, b.Id, c.Id], Ids(returned));
        Assert.Equal([a.Id, b.Id, c.Id], Ids(await GetRelatedAsync(article.Id)));
    }

    [Fact]
    public async Task Add_ToArticleWithoutLinks_CreatesTheFirstLink()
    {
        var target = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync();

        var returned = await AddAsync(article.Id, new { articleId = target.Id, position = 0 });

        Assert.Equal([target.Id], Ids(returned));
        Assert.Equal([target.Id], Ids(await GetRelatedAsync(article.Id)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Add_AtPosition_InsertsThere(int position)
    {
        var a = await CreatePublishedArticleAsync();
        var b = await CreatePublishedArticleAsync();
        var c = await CreatePublishedArticleAsync();
        var added = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync(related: [a.Id, b.Id, c.Id]);
        var expected = new List<int> { a.Id, b.Id, c.Id };
        expected.Insert(position, added.Id);

        var returned = await AddAsync(article.Id, new { articleId = added.Id, position });

        Assert.Equal(expected, Ids(returned));
        Assert.Equal(expected, Ids(await GetRelatedAsync(article.Id)));
    }

    [Fact]
    public async Task Add_AtPositionBeyondTheEnd_Returns400AndKeepsTheList()
    {
        var a = await CreatePublishedArticleAsync();
        var b = await CreatePublishedArticleAsync();
        var added = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync(related: [a.Id, b.Id]);

        var response = await Client.PostAsJsonAsync($"/api/articles/{article.Id}/related", new { articleId = added.Id, position = 3 }, Ct);

        await AssertValidationErrorsAsync(response, "position");
        Assert.Equal([a.Id, b.Id], Ids(await GetRelatedAsync(article.Id)));
    }

    [Fact]
    public async Task Add_AtNegativePosition_Returns400()
    {
        var added = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync();

        var response = await Client.PostAsJsonAsync($"/api/articles/{article.Id}/related", new { articleId = added.Id, position = -1 }, Ct);

        await AssertValidationErrorsAsync(response, "position");
        Assert.Empty(await GetRelatedAsync(article.Id));
    }

    [Fact]
    public async Task Add_Reciprocal_AlsoAppendsTheLinkBack()
    {
        var existing = await CreatePublishedArticleAsync();
        var target = await CreatePublishedArticleAsync(related: [existing.Id]);
        var article = await CreatePublishedArticleAsync();

        var returned = await AddAsync(article.Id, new { articleId = target.Id, reciprocal = true });

        Assert.Equal([target.Id], Ids(returned));
        Assert.Equal([existing.Id, article.Id], Ids(await GetRelatedAsync(target.Id)));
    }

    [Fact]
    public async Task Add_ReciprocalWhenTargetAlreadyLinksBack_KeepsTheTargetListAsItIs()
    {
        var other = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync();
        var target = await CreatePublishedArticleAsync(related: [article.Id, other.Id]);

        var returned = await AddAsync(article.Id, new { articleId = target.Id, reciprocal = true });

        Assert.Equal([target.Id], Ids(returned));
        Assert.Equal([article.Id, other.Id], Ids(await GetRelatedAsync(target.Id)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public async Task Add_WithoutReciprocal_DoesNotLinkBack(bool? reciprocal)
    {
        var target = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync();

        await AddAsync(article.Id, new { articleId = target.Id, reciprocal });

        Assert.Empty(await GetRelatedAsync(target.Id));
    }

    [Fact]
    public async Task Add_ExistingLink_Returns409AndKeepsTheList()
    {
        var a = await CreatePublishedArticleAsync();
        var b = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync(related: [a.Id, b.Id]);

        var response = await Client.PostAsJsonAsync($"/api/articles/{article.Id}/related", new { articleId = b.Id, position = 0 }, Ct);

        await ReadProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal([a.Id, b.Id], Ids(await GetRelatedAsync(article.Id)));
    }

    [Fact]
    public async Task Add_Itself_Returns400()
    {
        var article = await CreatePublishedArticleAsync();

        var response = await Client.PostAsJsonAsync($"/api/articles/{article.Id}/related", new { articleId = article.Id }, Ct);

        await AssertValidationErrorsAsync(response, "articleId");
        Assert.Empty(await GetRelatedAsync(article.Id));
    }

    [Fact]
    public async Task Add_UnknownTarget_Returns400NamingIt()
    {
        var article = await CreatePublishedArticleAsync();
        var unknown = await UnknownArticleIdAsync();

        var response = await Client.PostAsJsonAsync($"/api/articles/{article.Id}/related", new { articleId = unknown }, Ct);

        var problem = await AssertValidationErrorsAsync(response, "articleId");
        Assert.Contains(Text(unknown), ErrorsOf(problem, "articleId"), StringComparison.Ordinal);
        Assert.Empty(await GetRelatedAsync(article.Id));
    }

    [Fact]
    public async Task Add_WithoutArticleId_Returns400()
    {
        var article = await CreatePublishedArticleAsync();

        var response = await Client.PostAsJsonAsync($"/api/articles/{article.Id}/related", new { position = 0 }, Ct);

        await AssertValidationErrorsAsync(response, "articleId");
    }

    [Fact]
    public async Task Add_ToUnknownArticle_Returns404Problem()
    {
        var target = await CreatePublishedArticleAsync();
        var id = await UnknownArticleIdAsync();

        var response = await Client.PostAsJsonAsync($"/api/articles/{id}/related", new { articleId = target.Id }, Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Empty(await GetRelatedAsync(target.Id));
    }

    // ---------- DELETE /api/articles/{id}/related/{relatedId} ----------

    [Fact]
    public async Task Remove_ExistingLink_Returns204AndKeepsTheOrderOfTheRest()
    {
        var a = await CreatePublishedArticleAsync();
        var b = await CreatePublishedArticleAsync();
        var c = await CreatePublishedArticleAsync();
        var d = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync(related: [a.Id, b.Id, c.Id, d.Id]);

        var response = await Client.DeleteAsync($"/api/articles/{article.Id}/related/{b.Id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal([a.Id, c.Id, d.Id], Ids(await GetRelatedAsync(article.Id)));
        Assert.Equal([a.Id, c.Id, d.Id], (await GetArticleAsync(article.Id)).Related.Select(r => r.Id));
        Assert.Equal(b.Id, (await GetArticleAsync(b.Id)).Id);
    }

    [Fact]
    public async Task Remove_ThenAddAtPosition_InsertsAmongTheRemainingLinks()
    {
        var a = await CreatePublishedArticleAsync();
        var b = await CreatePublishedArticleAsync();
        var c = await CreatePublishedArticleAsync();
        var added = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync(related: [a.Id, b.Id, c.Id]);
        var removed = await Client.DeleteAsync($"/api/articles/{article.Id}/related/{a.Id}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);

        var returned = await AddAsync(article.Id, new { articleId = added.Id, position = 1 });

        Assert.Equal([b.Id, added.Id, c.Id], Ids(returned));
    }

    [Fact]
    public async Task Remove_OneDirection_KeepsTheLinkBack()
    {
        var target = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync();
        await AddAsync(article.Id, new { articleId = target.Id, reciprocal = true });

        var response = await Client.DeleteAsync($"/api/articles/{article.Id}/related/{target.Id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await GetRelatedAsync(article.Id));
        Assert.Equal([article.Id], Ids(await GetRelatedAsync(target.Id)));
    }

    [Fact]
    public async Task Remove_LinkThatDoesNotExist_Returns404Problem()
    {
        var article = await CreatePublishedArticleAsync();
        var other = await CreatePublishedArticleAsync(related: [article.Id]);

        // Only other → article exists; article → other does not.
        var response = await Client.DeleteAsync($"/api/articles/{article.Id}/related/{other.Id}", Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal([article.Id], Ids(await GetRelatedAsync(other.Id)));
    }

    [Fact]
    public async Task Remove_SameLinkTwice_Returns404TheSecondTime()
    {
        var target = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync(related: [target.Id]);
        var first = await Client.DeleteAsync($"/api/articles/{article.Id}/related/{target.Id}", Ct);

        var second = await Client.DeleteAsync($"/api/articles/{article.Id}/related/{target.Id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        await ReadProblemAsync(second, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Remove_ForUnknownArticle_Returns404Problem()
    {
        var target = await CreatePublishedArticleAsync();
        var id = await UnknownArticleIdAsync();

        var response = await Client.DeleteAsync($"/api/articles/{id}/related/{target.Id}", Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
    }

    // ---------- helpers ----------

    /// <summary>The id of an article that existed and was deleted, so no article has it.</summary>
    private async Task<int> UnknownArticleIdAsync()
    {
        var article = await CreatePublishedArticleAsync();
        var response = await Client.DeleteAsync($"/api/articles/{article.Id}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return article.Id;
    }

    private async Task<List<ArticleSummary>> GetRelatedAsync(int id)
    {
        var response = await Client.GetAsync($"/api/articles/{id}/related", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<List<ArticleSummary>>(Ct))!;
    }

    private async Task<ArticleResponse> GetArticleAsync(int id)
    {
        var response = await Client.GetAsync($"/api/articles/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
    }

    /// <summary>POST a link that must be accepted; returns the new list.</summary>
    private async Task<List<ArticleSummary>> AddAsync(int id, object request)
    {
        var response = await Client.PostAsJsonAsync($"/api/articles/{id}/related", request, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<List<ArticleSummary>>(Ct))!;
    }

    private static int[] Ids(IEnumerable<ArticleSummary> items) => [.. items.Select(i => i.Id)];

    private static string Text(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static string ErrorsOf(JsonElement problem, string field) =>
        string.Join(" ", problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()));

    private static string[] PropertyNames(JsonElement element) =>
        [.. element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
}
