using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

public sealed class ListQueryOnSqlite(SqliteApiFactory factory) : ListQueryTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ListQueryOnSqlServer(SqlServerApiFactory factory) : ListQueryTests<SqlServerApiFactory>(factory);

/// <summary>Filtering and sorting of the public article and tag lists.</summary>
public abstract class ListQueryTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    private const string Body = "Some **Markdown** body.";

    // ---------- tag ----------

    [Fact]
    public async Task List_WithOneTagSlug_ReturnsOnlyArticlesWithThatTag()
    {
        var red = await CreateTagAsync(Unique("Red "));
        var blue = await CreateTagAsync(Unique("Blue "));
        var onlyRed = await CreatePublishedArticleAsync(tags: [red.Name]);
        await CreatePublishedArticleAsync(tags: [blue.Name]);
        var both = await CreatePublishedArticleAsync(tags: [blue.Name, red.Name]);
        await CreatePublishedArticleAsync();

        var page = await ListAsync($"tag={red.Slug}");

        Assert.Equal([both.Id, onlyRed.Id], Ids(page));
        Assert.Equal(2, page.TotalItems);
    }

    [Fact]
    public async Task List_WithSeveralTagSlugs_ReturnsArticlesWithAnyOfThemOnce()
    {
        var red = await CreateTagAsync(Unique("Red "));
        var blue = await CreateTagAsync(Unique("Blue "));
        var green = await CreateTagAsync(Unique("Green "));
        var onlyRed = await CreatePublishedArticleAsync(tags: [red.Name]);
        var onlyBlue = await CreatePublishedArticleAsync(tags: [blue.Name]);
        var redAndBlue = await CreatePublishedArticleAsync(tags: [red.Name, blue.Name]);
        await CreatePublishedArticleAsync(tags: [green.Name]);

        var page = await ListAsync($"tag={red.Slug},{blue.Slug}");
        var spaced = await ListAsync($"tag={Uri.EscapeDataString($"{blue.Slug} , {red.Slug},{Unique("missing-")}")}");

        Assert.Equal([redAndBlue.Id, onlyBlue.Id, onlyRed.Id], Ids(page));
        Assert.Equal(3, page.TotalItems);
        Assert.Equal(1, page.TotalPages);
        Assert.Equal(Ids(page), Ids(spaced));
        Assert.Equal(3, spaced.TotalItems);
    }

    [Fact]
    public async Task List_WithSeveralTagSlugs_PagesCountEachArticleOnce()
    {
        var red = await CreateTagAsync(Unique("Red "));
        var blue = await CreateTagAsync(Unique("Blue "));
        var first = await CreatePublishedArticleAsync(tags: [red.Name, blue.Name]);
        var second = await CreatePublishedArticleAsync(tags: [blue.Name, red.Name]);
        var third = await CreatePublishedArticleAsync(tags: [red.Name]);

        var page1 = await ListAsync($"tag={red.Slug},{blue.Slug}&pageSize=2");
        var page2 = await ListAsync($"tag={red.Slug},{blue.Slug}&pageSize=2&page=2");

        Assert.Equal([third.Id, second.Id], Ids(page1));
        Assert.Equal([first.Id], Ids(page2));
        Assert.Equal(3, page1.TotalItems);
        Assert.Equal(2, page1.TotalPages);
    }

    [Fact]
    public async Task List_WithSeveralTagSlugs_OldestFirstWithDatesAndPages_MergesTheTagsInPublicationOrder()
    {
        var red = await CreateTagAsync(Unique("Red "));
        var blue = await CreateTagAsync(Unique("Blue "));
        var today = Factory.Clock.GetUtcNow().UtcDateTime.Date;
        async Task<ArticleResponse> At(int daysAgo, params string[] tags) => await CreateArticleAsync(new
        {
            title = Unique("Dated "),
            body = Body,
            status = "published",
            publishedAt = today.AddDays(-daysAgo).AddHours(9),
            tags,
        });
        var r1 = await At(10, red.Name);
        var b1 = await At(9, blue.Name);
        var r2 = await At(8, red.Name);
        var r3 = await At(6, red.Name);
        var both = await At(5, blue.Name, red.Name);
        var r4 = await At(4, red.Name);
        await At(7, Unique("Other "));

        var slugs = $"tag={red.Slug},{blue.Slug}&sort=publishedAt&pageSize=2";
        var pages = new[] { await ListAsync(slugs), await ListAsync(slugs + "&page=2"), await ListAsync(slugs + "&page=3") };
        var day = (int daysAgo) => today.AddDays(-daysAgo).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var dated = await ListAsync($"tag={red.Slug},{blue.Slug}&sort=publishedAt&publishedFrom={day(9)}&publishedTo={day(5)}");

        Assert.Equal([r1.Id, b1.Id, r2.Id, r3.Id, both.Id, r4.Id], pages.SelectMany(Ids));
        Assert.All(pages, p => Assert.Equal(6, p.TotalItems));
        Assert.Equal([b1.Id, r2.Id, r3.Id, both.Id], Ids(dated));
        Assert.Equal(4, dated.TotalItems);
    }

    // ---------- q ----------

    [Fact]
    public async Task List_WithSeveralWords_RequiresEveryWordInTitleSummaryOrTagName()
    {
        var inTitle = Unique("w");
        var inSummary = Unique("w");
        var inTag = Unique("w");
        var match = await CreateArticleAsync(new
        {
            title = $"Title {inTitle}",
            summary = $"Summary {inSummary}",
            body = Body,
            status = "published",
            tags = new[] { $"Tag {inTag}" },
        });
        // Each of these lacks one of the words.
        await CreateArticleAsync(new { title = $"Title {inTitle}", summary = $"Summary {inSummary}", body = Body, status = "published" });
        await CreateArticleAsync(new { title = $"Title {inTitle}", body = Body, status = "published", tags = new[] { $"Tag {inTag}" } });
        await CreateArticleAsync(new { title = "Title", summary = $"Summary {inSummary}", body = Body, status = "published", tags = new[] { $"Other {inTag}" } });

        var page = await ListAsync($"q={Uri.EscapeDataString($"  {inTag}   {inTitle} {inSummary} ")}");

        Assert.Equal([match.Id], Ids(page));
        Assert.Equal(1, page.TotalItems);
    }

    [Fact]
    public async Task List_WithOneWord_MatchesItInTitleSummaryOrTagName()
    {
        var word = Unique("w");
        var title = await CreateArticleAsync(new { title = $"Has {word} in the title", body = Body, status = "published" });
        var summary = await CreateArticleAsync(new { title = Unique("Plain "), summary = $"Has {word}.", body = Body, status = "published" });
        var tag = await CreatePublishedArticleAsync(tags: [$"Topic {word}"]);
        await CreateArticleAsync(new { title = Unique("Plain "), body = Body, status = "published" });

        var page = await ListAsync($"q={word}");

        Assert.Equal([tag.Id, summary.Id, title.Id], Ids(page));
    }

    [Fact]
    public async Task List_WithWordOnlyInBody_DoesNotMatch()
    {
        var inTitle = Unique("w");
        var inBody = Unique("w");
        await CreateArticleAsync(new { title = $"Title {inTitle}", body = $"The body has {inBody} in it.", status = "published" });

        var both = await ListAsync($"q={inTitle}%20{inBody}");
        var bodyOnly = await ListAsync($"q={inBody}");

        Assert.Empty(both.Items);
        Assert.Equal(0, both.TotalItems);
        Assert.Empty(bodyOnly.Items);
    }

    [Fact]
    public async Task List_WithWordsInOtherCase_MatchesCaseInsensitivelyIncludingAccentedLetters()
    {
        var token = Unique("");
        var upper = token.ToUpperInvariant();
        var article = await CreateArticleAsync(new
        {
            title = $"Un ÉTÉ{upper} à Paris",
            summary = $"Η σοφία{token} των αρχαίων",
            body = Body,
            status = "published",
            tags = new[] { $"Москва{token}" },
        });

        var lower = await ListAsync($"q={Uri.EscapeDataString($"été{token} ΣΟΦΊΑ{upper} МОСКВА{upper}")}");
        var mixed = await ListAsync($"q={Uri.EscapeDataString($"Été{upper} Σοφία{token} москва{token}")}");

        Assert.Equal([article.Id], Ids(lower));
        Assert.Equal([article.Id], Ids(mixed));
    }

    [Fact]
    public async Task List_WithManyWords_StillRequiresEveryWord()
    {
        var words = Enumerable.Range(0, 11).Select(_ => Unique("w")[..8]).ToArray();
        var article = await CreateArticleAsync(new
        {
            title = string.Join(' ', words[..5]),
            summary = string.Join(' ', words[5..10]),
            body = Body,
            status = "published",
        });

        var allPresent = await ListAsync($"q={Uri.EscapeDataString(string.Join(' ', words[..10]))}");
        var response = await Client.GetAsync($"/api/articles?q={Uri.EscapeDataString(string.Join(' ', words))}", Ct);

        Assert.Equal([article.Id], Ids(allPresent));
        // The eleventh word appears nowhere: the article must not be listed (refusing so many words would do too).
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            await AssertValidationErrorsAsync(response, "q");
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = (await response.Content.ReadFromJsonAsync<PagedResponse<ArticleSummary>>(Ct))!;
            Assert.DoesNotContain(article.Id, Ids(page));
        }
    }

    // ---------- publishedFrom / publishedTo ----------

    [Fact]
    public async Task List_WithPublishedFromAndTo_IncludesWholeUtcDaysAtBothEnds()
    {
        var token = Unique();
        var day = DateOnly.FromDateTime(Factory.Clock.GetUtcNow().UtcDateTime).AddDays(-30);
        var dayBefore = await CreatePublishedAtAsync($"Before {token}", At(day.AddDays(-1), 23, 59, 59));
        var firstMoment = await CreatePublishedAtAsync($"First {token}", At(day, 0, 0, 0));
        var lastMinute = await CreatePublishedAtAsync($"Last {token}", At(day.AddDays(1), 23, 59, 0));
        var lastSecond = await CreatePublishedAtAsync($"Very last {token}", At(day.AddDays(1), 23, 59, 59));
        var dayAfter = await CreatePublishedAtAsync($"After {token}", At(day.AddDays(2), 0, 0, 0));

        var window = await ListAsync($"q={token}&publishedFrom={Iso(day)}&publishedTo={Iso(day.AddDays(1))}");
        var fromOnly = await ListAsync($"q={token}&publishedFrom={Iso(day.AddDays(1))}");
        var toOnly = await ListAsync($"q={token}&publishedTo={Iso(day)}");
        var oneDay = await ListAsync($"q={token}&publishedFrom={Iso(day.AddDays(1))}&publishedTo={Iso(day.AddDays(1))}");

        Assert.Equal([lastSecond.Id, lastMinute.Id, firstMoment.Id], Ids(window));
        Assert.Equal(3, window.TotalItems);
        Assert.Equal([dayAfter.Id, lastSecond.Id, lastMinute.Id], Ids(fromOnly));
        Assert.Equal([firstMoment.Id, dayBefore.Id], Ids(toOnly));
        Assert.Equal([lastSecond.Id, lastMinute.Id], Ids(oneDay));
    }

    [Fact]
    public async Task List_WithPublishedFromAfterPublishedTo_ReturnsNothing()
    {
        var token = Unique();
        var day = DateOnly.FromDateTime(Factory.Clock.GetUtcNow().UtcDateTime).AddDays(-20);
        await CreatePublishedAtAsync($"Noon {token}", At(day, 12, 0, 0));

        var page = await ListAsync($"q={token}&publishedFrom={Iso(day.AddDays(1))}&publishedTo={Iso(day)}");

        Assert.Empty(page.Items);
    }

    [Fact]
    public async Task List_WithPublishedToOnTheLastDayOfTheCalendar_Returns200()
    {
        var token = Unique();
        var article = await CreatePublishedAtAsync($"Any time {token}", Factory.Clock.GetUtcNow().UtcDateTime.AddDays(-1));

        var page = await ListAsync($"q={token}&publishedFrom=0001-01-01&publishedTo=9999-12-31");

        Assert.Equal([article.Id], Ids(page));
    }

    [Theory]
    [InlineData("publishedFrom", "2026-02-30")]
    [InlineData("publishedFrom", "2026-1-5")]
    [InlineData("publishedFrom", "05/01/2026")]
    [InlineData("publishedFrom", "2026-01-05T00:00:00Z")]
    [InlineData("publishedFrom", "yesterday")]
    [InlineData("publishedTo", "2026-13-01")]
    [InlineData("publishedTo", "20260105")]
    [InlineData("publishedTo", "2026-00-10")]
    [InlineData("publishedTo", "tomorrow")]
    public async Task List_WithBadDate_Returns400NamingTheParameter(string parameter, string value)
    {
        var response = await Client.GetAsync($"/api/articles?{parameter}={Uri.EscapeDataString(value)}", Ct);

        await AssertValidationErrorsAsync(response, parameter);
    }

    // ---------- sort ----------

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

    // ---------- tags sort ----------

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

    // ---------- helpers ----------

    private static DateTime At(DateOnly day, int hour, int minute, int second) =>
        day.ToDateTime(new TimeOnly(hour, minute, second), DateTimeKind.Utc);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static int[] Ids(PagedResponse<ArticleSummary> page) => [.. page.Items.Select(a => a.Id)];

    private Task<ArticleResponse> CreatePublishedAtAsync(string title, DateTime publishedAt) =>
        CreateArticleAsync(new { title, body = Body, status = "published", publishedAt });

    private async Task<PagedResponse<ArticleSummary>> ListAsync(string query)
    {
        var response = await Client.GetAsync("/api/articles?" + query, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<PagedResponse<ArticleSummary>>(Ct))!;
    }

    private async Task<PagedResponse<TagResponse>> ListTagsAsync(string query)
    {
        var response = await Client.GetAsync("/api/tags?" + query, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<PagedResponse<TagResponse>>(Ct))!;
    }
}
