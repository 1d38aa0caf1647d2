using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HeadlessBlog.Api.Revisions;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Revisions;

public sealed class RevisionReadOnSqlite(SqliteApiFactory factory) : RevisionReadTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class RevisionReadOnSqlServer(SqlServerApiFactory factory) : RevisionReadTests<SqlServerApiFactory>(factory);

/// <summary>Listing revisions, reading one, and the diff between two.</summary>
public abstract class RevisionReadTests<TFactory>(TFactory factory) : RevisionTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task List_IsPagedNewestFirst_WithoutBodies()
    {
        var article = await CreatePublishedArticleAsync();
        await PutAsync(article.Id, new { title = Unique("Second "), body = "Two." });
        await PutAsync(article.Id, new { title = Unique("Third "), body = "Three." });

        var response = await Editor.GetAsync($"/api/articles/{article.Id}/revisions?page=2&pageSize=2", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(3, page.GetProperty("totalItems").GetInt32());
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(1, item.GetProperty("number").GetInt32());
        Assert.Equal(
            ["actor", "changedFields", "createdAt", "number", "status", "title", "version"],
            item.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Test editor", item.GetProperty("actor").GetProperty("name").GetString());
        Assert.Equal([3, 2, 1], (await RevisionsAsync(article.Id)).Select(r => r.Number));
    }

    [Fact]
    public async Task Diff_OfAKnownEdit_NamesTheFieldsTheListsAndTheBodyHunk()
    {
        var (a, b, c) = ("A " + Unique(), "B " + Unique(), "C " + Unique());
        var article = await CreateArticleAsync(new
        {
            title = Unique("Diffed "),
            body = "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten",
            tags = new[] { a, b },
        });
        await PutAsync(article.Id, new
        {
            title = article.Title + " (edited)",
            body = "one\ntwo\nthree\nfour\nfive\nSIX\nseven\neight\nnine\nten",
            tags = new[] { b, a, c },
        });

        var response = await Editor.GetAsync($"/api/articles/{article.Id}/revisions/2/diff", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var diff = (await response.Content.ReadFromJsonAsync<RevisionDiff>(Ct))!;
        Assert.Equal((1, 2), (diff.From, diff.To));
        var title = Assert.Single(diff.Fields);
        Assert.Equal("title", title.Key);
        Assert.Equal(new FieldChange(article.Title, article.Title + " (edited)"), title.Value);
        Assert.Equal([c], diff.Tags.Added);
        Assert.Empty(diff.Tags.Removed);
        Assert.Equal([b, a], diff.Tags.Moved);
        Assert.Empty(diff.Related.Added);
        var hunk = Assert.Single(diff.Body.Hunks);
        Assert.Equal((3, 7, 3, 7), (hunk.OldStart, hunk.OldLines, hunk.NewStart, hunk.NewLines));
        Assert.Equal([" three", " four", " five", "-six", "+SIX", " seven", " eight", " nine"], hunk.Lines);

        var against = await Editor.GetAsync($"/api/articles/{article.Id}/revisions/1/diff?against=2", Ct);
        var reverse = (await against.Content.ReadFromJsonAsync<RevisionDiff>(Ct))!;
        Assert.Equal((2, 1), (reverse.From, reverse.To));
        Assert.Equal(["-SIX", "+six"], reverse.Body.Hunks.Single().Lines.Where(l => l[0] != ' '));
    }

    [Fact]
    public async Task Diff_AgainstItself_Returns400()
    {
        var article = await CreatePublishedArticleAsync();

        var response = await Editor.GetAsync($"/api/articles/{article.Id}/revisions/1/diff?against=1", Ct);

        await AssertValidationErrorsAsync(response, "against");
    }

    [Theory]
    [InlineData("/revisions/7")]
    [InlineData("/revisions/7/diff")]
    [InlineData("/revisions/1/diff?against=7")]
    public async Task UnknownRevision_Returns404(string path)
    {
        var article = await CreatePublishedArticleAsync();

        var response = await Editor.GetAsync($"/api/articles/{article.Id}{path}", Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Revisions_OfAnUnknownArticle_Return404()
    {
        var response = await Editor.GetAsync("/api/articles/987654321/revisions", Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Revisions_WithoutAKey_Return401()
    {
        var article = await CreatePublishedArticleAsync();

        var response = await Factory.CreateAnonymousClient().GetAsync($"/api/articles/{article.Id}/revisions", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
