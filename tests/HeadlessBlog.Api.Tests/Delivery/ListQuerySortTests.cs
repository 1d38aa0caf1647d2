using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

public sealed class ListQuerySortOnSqlite(SqliteApiFactory factory) : ListQuerySortTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ListQuerySortOnSqlServer(SqlServerApiFactory factory) : ListQuerySortTests<SqlServerApiFactory>(factory);

/// <summary>Sorting of the public article and tag lists: by each allowed field, ties broken by id across pages, unknown sorts refused.</summary>
public abstract class ListQuerySortTests<TFactory>(TFactory factory) : ListQueryTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    /// <summary>
    /// Three articles whose orders differ for every sort: publishedAt Y &lt; Z &lt; X, title X &lt; Y &lt; Z,
    /// updatedAt Y &lt; X &lt; Z (creation order).
    /// </summary>
    [Theory]
    [InlineData(null, "XZY")]
    [InlineData("-publishedAt", "XZY")]
    [InlineData("publishedAt", "YZX")]
    [InlineData("title", "XYZ")]
    [InlineData("-title", "ZYX")]
    [InlineData("updatedAt", "YXZ")]
    [InlineData("-updatedAt", "ZXY")]
    public async Task List_WithSort_OrdersByThatField(string? sort, string expected)
    {
        var token = Unique();
        var now = Factory.Clock.GetUtcNow().UtcDateTime;
        var y = await CreatePublishedAtAsync($"bravo {token}", now.AddDays(-3));
        var x = await CreatePublishedAtAsync($"alpha {token}", now.AddDays(-1));
        var z = await CreatePublishedAtAsync($"charlie {token}", now.AddDays(-2));
        var byLetter = new Dictionary<char, int> { ['X'] = x.Id, ['Y'] = y.Id, ['Z'] = z.Id };

        var page = await ListAsync(sort is null ? $"q={token}" : $"q={token}&sort={Uri.EscapeDataString(sort)}");

        Assert.Equal(expected.Select(c => byLetter[c]).ToArray(), Ids(page));
    }

    [Fact]
    public async Task List_SortedByTitle_IgnoresCaseLikeTheTagList()
    {
        var token = Unique();
        var banana = await CreatePublishedArticleAsync($"Banana {token}");
        var apple = await CreatePublishedArticleAsync($"apple {token}");
        var cherry = await CreatePublishedArticleAsync($"cherry {token}");

        var ascending = await ListAsync($"q={token}&sort=title");
        var descending = await ListAsync($"q={token}&sort=-title");

        Assert.Equal([apple.Id, banana.Id, cherry.Id], Ids(ascending));
        Assert.Equal([cherry.Id, banana.Id, apple.Id], Ids(descending));
    }

    [Fact]
    public async Task List_SortedByUpdatedAt_FollowsTheLastChange()
    {
        var token = Unique();
        var first = await CreatePublishedArticleAsync($"First {token}");
        var second = await CreatePublishedArticleAsync($"Second {token}");
        var response = await Client.PutAsJsonAsync(
            $"/api/articles/{first.Id}", new { title = first.Title, body = "Changed body.", status = "published" }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var ascending = await ListAsync($"q={token}&sort=updatedAt");
        var descending = await ListAsync($"q={token}&sort=-updatedAt");

        Assert.Equal([second.Id, first.Id], Ids(ascending));
        Assert.Equal([first.Id, second.Id], Ids(descending));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("id")]
    [InlineData("PublishedAt")]
    [InlineData("-PUBLISHEDAT")]
    [InlineData("+title")]
    [InlineData("title,-updatedAt")]
    [InlineData("published_at")]
    public async Task List_WithUnknownSort_Returns400NamingSort(string sort)
    {
        var response = await Client.GetAsync($"/api/articles?sort={Uri.EscapeDataString(sort)}", Ct);

        await AssertValidationErrorsAsync(response, "sort");
    }

    /// <summary>Seven articles tied on every sort key (same title, publishedAt and updatedAt): pages must still partition them by id.</summary>
    [Theory]
    [InlineData(null, false)]
    [InlineData("-publishedAt", false)]
    [InlineData("publishedAt", true)]
    [InlineData("title", true)]
    [InlineData("-title", false)]
    [InlineData("updatedAt", true)]
    [InlineData("-updatedAt", false)]
    public async Task List_WithTiesAcrossPages_BreaksTiesByIdWithoutDuplicatesOrGaps(string? sort, bool ascending)
    {
        var token = Unique();
        var publishedAt = Factory.Clock.GetUtcNow().UtcDateTime.AddDays(-5);
        var created = new List<int>();
        var autoAdvance = Factory.Clock.AutoAdvanceAmount;
        Factory.Clock.AutoAdvanceAmount = TimeSpan.Zero; // same updatedAt too
        try
        {
            for (var i = 0; i < 7; i++)
            {
                created.Add((await CreatePublishedAtAsync($"Tie {token}", publishedAt)).Id);
            }
        }
        finally
        {
            Factory.Clock.AutoAdvanceAmount = autoAdvance;
        }

        var sortParameter = sort is null ? "" : $"&sort={Uri.EscapeDataString(sort)}";
        var pages = new List<PagedResponse<ArticleSummary>>();
        for (var number = 1; number <= 3; number++)
        {
            pages.Add(await ListAsync($"q={token}&pageSize=3&page={number}{sortParameter}"));
        }

        var walked = pages.SelectMany(Ids).ToArray();
        var expected = ascending ? created.Order().ToArray() : created.OrderDescending().ToArray();
        Assert.Equal([3, 3, 1], pages.Select(p => p.Items.Count));
        Assert.All(pages, p => Assert.Equal(7, p.TotalItems));
        Assert.All(pages, p => Assert.Equal(3, p.TotalPages));
        Assert.Equal(expected, walked);
    }

    [Fact]
    public async Task TagList_SortedByArticleCount_OrdersByVisibleArticlesThenName()
    {
        var token = Unique();
        var banana = await CreateTagAsync($"banana {token}");
        var apple = await CreateTagAsync($"Apple {token}");
        var cherry = await CreateTagAsync($"Cherry {token}");
        var date = await CreateTagAsync($"date {token}");
        var now = Factory.Clock.GetUtcNow().UtcDateTime;

        await CreatePublishedArticleAsync(tags: [banana.Name, apple.Name]);
        await CreatePublishedArticleAsync(tags: [apple.Name]);
        await CreatePublishedArticleAsync(tags: [banana.Name, cherry.Name]);
        // Not visible: they must not count.
        await CreateArticleAsync(new { title = Unique("Draft "), body = Body, tags = new[] { cherry.Name, date.Name } });
        await CreateArticleAsync(new { title = Unique("Draft "), body = Body, tags = new[] { cherry.Name } });
        await CreateArticleAsync(new
        {
            title = Unique("Scheduled "),
            body = Body,
            status = "published",
            publishedAt = now.AddDays(1),
            tags = new[] { cherry.Name, date.Name },
        });

        var byCount = await ListTagsAsync($"q={token}&sort=-articleCount");
        var byName = await ListTagsAsync($"q={token}");

        Assert.Equal([apple.Id, banana.Id, cherry.Id, date.Id], byCount.Items.Select(t => t.Id).ToArray());
        Assert.Equal([2, 2, 1, 0], byCount.Items.Select(t => t.ArticleCount).ToArray());
        Assert.Equal([apple.Id, banana.Id, cherry.Id, date.Id], byName.Items.Select(t => t.Id).ToArray());
    }

    [Fact]
    public async Task TagList_SortedByArticleCount_PagesInThatOrder()
    {
        var token = Unique();
        // Names in the opposite order of the counts, so that neither order can pass for the other.
        var one = await CreateTagAsync($"a one {token}");
        var two = await CreateTagAsync($"b two {token}");
        var three = await CreateTagAsync($"c three {token}");
        await CreatePublishedArticleAsync(tags: [three.Name, two.Name, one.Name]);
        await CreatePublishedArticleAsync(tags: [three.Name, two.Name]);
        await CreatePublishedArticleAsync(tags: [three.Name]);

        var pages = new List<PagedResponse<TagResponse>>();
        for (var number = 1; number <= 4; number++)
        {
            pages.Add(await ListTagsAsync($"q={token}&sort=-articleCount&pageSize=1&page={number}"));
        }

        Assert.Equal([three.Id, two.Id, one.Id], pages.Take(3).Select(p => Assert.Single(p.Items).Id));
        Assert.Equal([3, 2, 1], pages.Take(3).Select(p => p.Items[0].ArticleCount));
        Assert.Empty(pages[3].Items);
        Assert.All(pages, p => Assert.Equal((3, 3), (p.TotalItems, p.TotalPages)));
    }

    [Fact]
    public async Task TagList_SortedByArticleCount_CountsAScheduledArticleOnceItsTimeComes()
    {
        var token = Unique();
        var early = await CreateTagAsync($"a early {token}");
        var late = await CreateTagAsync($"b late {token}");
        await CreatePublishedArticleAsync(tags: [early.Name]);
        await CreateArticleAsync(new
        {
            title = Unique("Scheduled "),
            body = Body,
            status = "published",
            publishedAt = Factory.Clock.GetUtcNow().UtcDateTime.AddHours(1),
            tags = new[] { late.Name },
        });
        await CreatePublishedArticleAsync(tags: [late.Name]);

        var before = await ListTagsAsync($"q={token}&sort=-articleCount");
        Factory.Clock.Advance(TimeSpan.FromHours(2));
        var after = await ListTagsAsync($"q={token}&sort=-articleCount");

        Assert.Equal([early.Id, late.Id], before.Items.Select(t => t.Id).ToArray());
        Assert.Equal([1, 1], before.Items.Select(t => t.ArticleCount).ToArray());
        Assert.Equal([late.Id, early.Id], after.Items.Select(t => t.Id).ToArray());
        Assert.Equal([2, 1], after.Items.Select(t => t.ArticleCount).ToArray());
    }

    [Theory]
    [InlineData("articleCount")]
    [InlineData("-name")]
    [InlineData("Name")]
    [InlineData("count")]
    [InlineData("-articlecount")]
    public async Task TagList_WithUnknownSort_Returns400NamingSort(string sort)
    {
        var response = await Client.GetAsync($"/api/tags?sort={Uri.EscapeDataString(sort)}", Ct);

        await AssertValidationErrorsAsync(response, "sort");
    }

    private async Task<PagedResponse<TagResponse>> ListTagsAsync(string query)
    {
        var response = await Client.GetAsync("/api/tags?" + query, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<PagedResponse<TagResponse>>(Ct))!;
    }
}
