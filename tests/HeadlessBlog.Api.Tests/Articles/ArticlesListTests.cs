using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Articles;

public sealed class ArticlesListOnSqlite(SqliteApiFactory factory) : ArticlesListTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ArticlesListOnSqlServer(SqlServerApiFactory factory) : ArticlesListTests<SqlServerApiFactory>(factory);

/// <summary>GET /api/articles: the summaries, the status, tag and text filters, the order and the pages.</summary>
public abstract class ArticlesListTests<TFactory>(TFactory factory) : ArticlesTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task List_ReturnsPagedSummariesWithoutBody()
    {
        var token = Unique();
        var request = NewRequest($"Listed {token}");
        request["status"] = "published";
        request["summary"] = "Summary";
        request["featureImageUrl"] = "https://example.com/a.png";
        request["tags"] = new[] { Unique("Listed tag ") };
        var article = await CreateArticleAsync(request);

        var response = await Client.GetAsync($"/api/articles?q={token}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(1, page.GetProperty("totalItems").GetInt32());
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(SummaryFields, PropertyNames(item));
        Assert.Equal(TagRefFields, PropertyNames(item.GetProperty("tags")[0]));
        Assert.Equal(article.Id, item.GetProperty("id").GetInt32());
        Assert.Equal("Summary", item.GetProperty("summary").GetString());
        Assert.Equal("https://example.com/a.png", item.GetProperty("featureImageUrl").GetString());
    }

    [Fact]
    public async Task List_WithoutStatus_ReturnsOnlyPublishedArticles()
    {
        var token = Unique();
        var published = await CreatePublishedArticleAsync($"Published {token}");
        await CreateArticleAsync(NewRequest($"Draft {token}"));

        var page = await ListAsync($"q={token}");

        Assert.Equal([published.Id], page.Items.Select(a => a.Id));
        Assert.Equal(1, page.TotalItems);
    }

    [Fact]
    public async Task List_WithStatusPublished_ReturnsOnlyPublishedArticles()
    {
        var token = Unique();
        var published = await CreatePublishedArticleAsync($"Published {token}");
        await CreateArticleAsync(NewRequest($"Draft {token}"));

        var page = await ListAsync($"q={token}&status=published");

        Assert.Equal([published.Id], page.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task List_WithStatusDraft_ReturnsOnlyDrafts()
    {
        var token = Unique();
        await CreatePublishedArticleAsync($"Published {token}");
        var draft = await CreateArticleAsync(NewRequest($"Draft {token}"));

        var page = await ListAsync($"q={token}&status=draft");

        var item = Assert.Single(page.Items);
        Assert.Equal(draft.Id, item.Id);
        Assert.Equal("draft", item.Status);
    }

    [Fact]
    public async Task List_WithStatusAll_ReturnsDraftsAndPublished()
    {
        var token = Unique();
        var published = await CreatePublishedArticleAsync($"Published {token}");
        var draft = await CreateArticleAsync(NewRequest($"Draft {token}"));

        var page = await ListAsync($"q={token}&status=all");

        Assert.Equal(new[] { draft.Id, published.Id }.Order(), page.Items.Select(a => a.Id).Order());
    }

    [Theory]
    [InlineData("archived")]
    [InlineData("PUBLISHED")]
    [InlineData("drafts")]
    public async Task List_WithUnknownStatus_Returns400(string status)
    {
        var response = await Client.GetAsync($"/api/articles?status={status}", Ct);

        await AssertValidationErrorsAsync(response, "status");
    }

    [Fact]
    public async Task List_WithTag_ReturnsOnlyArticlesWithThatTag()
    {
        var token = Unique();
        var tagName = $"Filter {token}";
        var tagged = await CreatePublishedArticleAsync($"Tagged {token}", tags: ["Other " + token, tagName]);
        await CreatePublishedArticleAsync($"Untagged {token}", tags: ["Other " + token]);
        var draftRequest = NewRequest($"Tagged draft {token}");
        draftRequest["tags"] = new[] { tagName };
        var draft = await CreateArticleAsync(draftRequest);
        var slug = tagged.Tags.Single(t => t.Name == tagName).Slug;

        var published = await ListAsync($"tag={slug}");
        var all = await ListAsync($"tag={slug}&status=all");

        Assert.Equal([tagged.Id], published.Items.Select(a => a.Id));
        Assert.Equal(new[] { tagged.Id, draft.Id }.Order(), all.Items.Select(a => a.Id).Order());
    }

    [Fact]
    public async Task List_WithUnknownTag_ReturnsEmptyPage()
    {
        var page = await ListAsync($"tag={Unique("no-such-tag-")}");

        Assert.Empty(page.Items);
        Assert.Equal(0, page.TotalItems);
    }

    [Fact]
    public async Task List_WithQ_ReturnsArticlesWhoseTitleOrSummaryContainsItInAnyCase()
    {
        var token = Unique();
        var upper = await CreatePublishedArticleAsync($"Loud {token.ToUpperInvariant()} title");
        var lower = await CreatePublishedArticleAsync($"Quiet{token}title");
        var summaryOnly = NewRequest($"Elsewhere {Unique()}");
        summaryOnly["status"] = "published";
        summaryOnly["summary"] = token;
        var inSummary = await CreateArticleAsync(summaryOnly);
        var bodyOnly = NewRequest($"Body {Unique()}");
        bodyOnly["status"] = "published";
        bodyOnly["body"] = token;
        await CreateArticleAsync(bodyOnly);

        var page = await ListAsync($"q={token}");

        // The body is not searched.
        Assert.Equal(new[] { upper.Id, lower.Id, inSummary.Id }.Order(), page.Items.Select(a => a.Id).Order());
    }

    [Fact]
    public async Task List_WithQDifferingInCaseOfAccentedLetters_FindsTheArticle()
    {
        var token = Unique();
        var article = await CreatePublishedArticleAsync($"Été à Paris {token}");

        var page = await ListAsync($"q={Uri.EscapeDataString("ÉTÉ À PARIS " + token)}");

        Assert.Equal([article.Id], page.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task List_OrdersByPublishedAtNewestFirstThenIdDescending()
    {
        var token = Unique();
        var oldest = await CreatePublishedAtAsync($"Oldest {token}", "2021-01-01T00:00:00Z");
        var newestFirstCreated = await CreatePublishedAtAsync($"Newest A {token}", "2023-01-01T00:00:00Z");
        var middle = await CreatePublishedAtAsync($"Middle {token}", "2022-01-01T00:00:00Z");
        var newestLastCreated = await CreatePublishedAtAsync($"Newest B {token}", "2023-01-01T00:00:00Z");

        var page = await ListAsync($"q={token}");

        Assert.Equal([newestLastCreated.Id, newestFirstCreated.Id, middle.Id, oldest.Id], page.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task List_Drafts_OrderByUpdatedAtNewestFirst()
    {
        var token = Unique();
        var first = await CreateArticleAsync(NewRequest($"First draft {token}"));
        var second = await CreateArticleAsync(NewRequest($"Second draft {token}"));

        var before = await ListAsync($"q={token}&status=draft");
        await PutAsync(first.Id, new { title = first.Title, body = "Edited" });
        var after = await ListAsync($"q={token}&status=draft");

        Assert.Equal([second.Id, first.Id], before.Items.Select(a => a.Id));
        Assert.Equal([first.Id, second.Id], after.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task List_WithPageSize_SplitsResultsIntoPages()
    {
        var token = Unique();
        var a = await CreatePublishedAtAsync($"Page A {token}", "2020-01-03T00:00:00Z");
        var b = await CreatePublishedAtAsync($"Page B {token}", "2020-01-02T00:00:00Z");
        var c = await CreatePublishedAtAsync($"Page C {token}", "2020-01-01T00:00:00Z");

        var first = await ListAsync($"q={token}&pageSize=2");
        var second = await ListAsync($"q={token}&pageSize=2&page=2");

        Assert.Equal([a.Id, b.Id], first.Items.Select(x => x.Id));
        Assert.Equal([c.Id], second.Items.Select(x => x.Id));
        Assert.Equal((1, 2, 3, 2), (first.Page, first.PageSize, first.TotalItems, first.TotalPages));
        Assert.Equal((2, 2, 3, 2), (second.Page, second.PageSize, second.TotalItems, second.TotalPages));
    }
}
