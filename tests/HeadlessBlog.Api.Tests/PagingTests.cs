using System.Net;
using System.Text.Json;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests;

public sealed class PagingOnSqlite(SqliteApiFactory factory) : PagingTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class PagingOnSqlServer(SqlServerApiFactory factory) : PagingTests<SqlServerApiFactory>(factory);

/// <summary>Theory data of <see cref="PagingTests{TFactory}"/> (static members cannot live on the generic class).</summary>
public static class PagingTestData
{
    public const string Tags = "/api/tags";
    public const string Articles = "/api/articles";

    public static TheoryData<string> Lists => new() { Tags, Articles };

    /// <summary>Values of <c>page</c> that must be refused (a page is any whole number from 1).</summary>
    public static TheoryData<string, string> InvalidPages => Cross(
        "0", "-1", "abc", "1.5", "99999999999", "2147483648", "1e2", "0x10", "+1", "%201", "%EF%BC%91", "1&page=2");

    /// <summary>Values of <c>pageSize</c> that must be refused (1–100).</summary>
    public static TheoryData<string, string> InvalidPageSizes => Cross(
        "0", "-1", "101", "abc", "1.5", "99999999999", "1000", "1e1", "+20", "%EF%BC%91", "20&pageSize=20");

    private static TheoryData<string, string> Cross(params string[] values)
    {
        var data = new TheoryData<string, string>();
        foreach (var list in new[] { Tags, Articles })
        {
            foreach (var value in values)
            {
                data.Add(list, value);
            }
        }

        return data;
    }
}

/// <summary>Paging of both lists: every test creates its own rows with a unique token and lists them with <c>q=token</c>.</summary>
public abstract class PagingTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Theory]
    [MemberData(nameof(PagingTestData.Lists), MemberType = typeof(PagingTestData))]
    public async Task List_WithoutPagingParameters_UsesPage1AndPageSize20(string list)
    {
        var token = Unique();
        var created = await CreateItemsAsync(list, token, 21);

        var page = await GetPageAsync($"{list}?q={token}");

        Assert.Equal(1, page.Page);
        Assert.Equal(20, page.PageSize);
        Assert.Equal(21, page.TotalItems);
        Assert.Equal(2, page.TotalPages);
        Assert.Equal(20, page.Ids.Length);
        Assert.Subset(created.ToHashSet(), page.Ids.ToHashSet());
    }

    [Theory]
    [InlineData(PagingTestData.Tags, 1, 2, 2, 3)]
    [InlineData(PagingTestData.Tags, 3, 2, 1, 3)]
    [InlineData(PagingTestData.Tags, 1, 5, 5, 1)]
    [InlineData(PagingTestData.Tags, 5, 1, 1, 5)]
    [InlineData(PagingTestData.Tags, 2, 4, 1, 2)]
    [InlineData(PagingTestData.Articles, 1, 2, 2, 3)]
    [InlineData(PagingTestData.Articles, 3, 2, 1, 3)]
    [InlineData(PagingTestData.Articles, 1, 5, 5, 1)]
    [InlineData(PagingTestData.Articles, 5, 1, 1, 5)]
    [InlineData(PagingTestData.Articles, 2, 4, 1, 2)]
    public async Task List_OfFiveItems_ReturnsPageWithCorrectTotals(string list, int page, int pageSize, int expectedCount, int expectedTotalPages)
    {
        var token = Unique();
        await CreateItemsAsync(list, token, 5);

        var result = await GetPageAsync($"{list}?q={token}&page={page}&pageSize={pageSize}");

        Assert.Equal(page, result.Page);
        Assert.Equal(pageSize, result.PageSize);
        Assert.Equal(5, result.TotalItems);
        Assert.Equal(expectedTotalPages, result.TotalPages);
        Assert.Equal(expectedCount, result.Ids.Length);
    }

    [Theory]
    [MemberData(nameof(PagingTestData.Lists), MemberType = typeof(PagingTestData))]
    public async Task List_WalkingAllPages_ReturnsEveryItemExactlyOnceInTheSameOrder(string list)
    {
        var token = Unique();
        var created = await CreateItemsAsync(list, token, 7);
        var whole = await GetPageAsync($"{list}?q={token}&pageSize=100");

        var walked = new List<int>();
        for (var number = 1; number <= 4; number++)
        {
            var page = await GetPageAsync($"{list}?q={token}&page={number}&pageSize=2");
            Assert.Equal(4, page.TotalPages);
            walked.AddRange(page.Ids);
        }

        Assert.Equal(whole.Ids, walked);
        Assert.Equal(created.Order(), walked.Order());
    }

    [Theory]
    [MemberData(nameof(PagingTestData.Lists), MemberType = typeof(PagingTestData))]
    public async Task List_PageBeyondTheLast_ReturnsNoItemsWithCorrectTotals(string list)
    {
        var token = Unique();
        await CreateItemsAsync(list, token, 3);

        var next = await GetPageAsync($"{list}?q={token}&page=3&pageSize=2");
        var far = await GetPageAsync($"{list}?q={token}&page=2147483647&pageSize=100");

        Assert.Empty(next.Ids);
        Assert.Equal(3, next.Page);
        Assert.Equal(2, next.PageSize);
        Assert.Equal(3, next.TotalItems);
        Assert.Equal(2, next.TotalPages);
        Assert.Empty(far.Ids);
        Assert.Equal(2147483647, far.Page);
        Assert.Equal(3, far.TotalItems);
        Assert.Equal(1, far.TotalPages);
    }

    [Theory]
    [MemberData(nameof(PagingTestData.Lists), MemberType = typeof(PagingTestData))]
    public async Task List_WithNoMatches_ReturnsZeroTotals(string list)
    {
        var page = await GetPageAsync($"{list}?q={Unique()}");

        Assert.Empty(page.Ids);
        Assert.Equal(1, page.Page);
        Assert.Equal(0, page.TotalItems);
        Assert.Equal(0, page.TotalPages);
    }

    [Theory]
    [MemberData(nameof(PagingTestData.Lists), MemberType = typeof(PagingTestData))]
    public async Task List_WithSmallestAndLargestPageSize_IsAllowed(string list)
    {
        var token = Unique();
        await CreateItemsAsync(list, token, 3);

        var smallest = await GetPageAsync($"{list}?q={token}&pageSize=1");
        var largest = await GetPageAsync($"{list}?q={token}&pageSize=100&page=1");

        Assert.Equal(1, smallest.PageSize);
        Assert.Single(smallest.Ids);
        Assert.Equal(3, smallest.TotalPages);
        Assert.Equal(100, largest.PageSize);
        Assert.Equal(3, largest.Ids.Length);
        Assert.Equal(1, largest.TotalPages);
    }

    [Theory]
    [MemberData(nameof(PagingTestData.InvalidPages), MemberType = typeof(PagingTestData))]
    public async Task List_WithInvalidPage_Returns400NamingPage(string list, string page)
    {
        var response = await Client.GetAsync($"{list}?page={page}", Ct);

        await AssertValidationErrorsAsync(response, "page");
    }

    [Theory]
    [MemberData(nameof(PagingTestData.InvalidPageSizes), MemberType = typeof(PagingTestData))]
    public async Task List_WithInvalidPageSize_Returns400NamingPageSize(string list, string pageSize)
    {
        var response = await Client.GetAsync($"{list}?pageSize={pageSize}&page=1", Ct);

        await AssertValidationErrorsAsync(response, "pageSize");
    }

    [Theory]
    [InlineData(PagingTestData.Tags, "0", "101")]
    [InlineData(PagingTestData.Tags, "abc", "1.5")]
    [InlineData(PagingTestData.Tags, "-1", "99999999999")]
    [InlineData(PagingTestData.Articles, "0", "101")]
    [InlineData(PagingTestData.Articles, "abc", "1.5")]
    [InlineData(PagingTestData.Articles, "-1", "99999999999")]
    public async Task List_WithInvalidPageAndPageSize_Returns400NamingBoth(string list, string page, string pageSize)
    {
        var response = await Client.GetAsync($"{list}?page={page}&pageSize={pageSize}", Ct);

        await AssertValidationErrorsAsync(response, "page", "pageSize");
    }

    // ---------------------------------------------------------------- helpers

    private sealed record ListPage(int[] Ids, int Page, int PageSize, int TotalItems, int TotalPages);

    /// <summary>Creates <paramref name="count"/> tags or published articles whose name/title contains <paramref name="token"/>.</summary>
    private async Task<List<int>> CreateItemsAsync(string list, string token, int count)
    {
        var ids = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            ids.Add(list == PagingTestData.Tags
                ? (await CreateTagAsync($"Item {i:00} {token}")).Id
                : (await CreatePublishedArticleAsync($"Item {i:00} {token}")).Id);
        }

        return ids;
    }

    private async Task<ListPage> GetPageAsync(string url)
    {
        var response = await Client.GetAsync(url, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var root = JsonDocument.Parse(body).RootElement;
        return new ListPage(
            root.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToArray(),
            root.GetProperty("page").GetInt32(),
            root.GetProperty("pageSize").GetInt32(),
            root.GetProperty("totalItems").GetInt32(),
            root.GetProperty("totalPages").GetInt32());
    }
}
