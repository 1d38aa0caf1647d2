using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Sync;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Changes;

public sealed class ChangeFeedOnSqlite(SqliteApiFactory factory) : ChangeFeedTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ChangeFeedOnSqlServer(SqlServerApiFactory factory) : ChangeFeedTests<SqlServerApiFactory>(factory);

/// <summary>GET /api/changes: editors only, paged, oldest first, refusing bad paging.</summary>
public abstract class ChangeFeedTests<TFactory>(TFactory factory) : ChangeLogTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Changes_WithoutAKey_Returns401()
    {
        var response = await Factory.CreateAnonymousClient().GetAsync("/api/changes", Ct);

        await ReadProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Changes_WithAReadKey_Returns200()
    {
        _ = Client;
        var response = await Factory.CreateKeyClient(Factory.ReadKey).GetAsync("/api/changes?limit=1", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("after=-1", "after")]
    [InlineData("after=x&limit=0", "after", "limit")]
    public async Task Changes_WithBadPaging_Returns400NamingTheFields(string query, params string[] fields)
    {
        var response = await Editor.GetAsync($"/api/changes?{query}", Ct);

        await AssertValidationErrorsAsync(response, fields);
    }

    [Fact]
    public async Task Changes_PageByPage_ListEveryEventOnceInOrder()
    {
        var head = await HeadAsync();
        for (var i = 0; i < 3; i++)
        {
            await CreatePublishedArticleAsync();
        }

        var seen = new List<long>();
        var after = head;
        ChangePage page;
        do
        {
            page = (await Editor.GetFromJsonAsync<ChangePage>($"/api/changes?after={after}&limit=2", Ct))!;
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(e => e.Id));
            after = page.Last;
        }
        while (page.HasMore);

        Assert.True(seen.Count >= 6, $"3 creates of published articles make 6 events; saw {seen.Count}");
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(seen.Distinct().Count(), seen.Count);
    }
}
