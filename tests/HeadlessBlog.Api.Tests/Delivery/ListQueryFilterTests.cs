using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

public sealed class ListQueryFilterOnSqlite(SqliteApiFactory factory) : ListQueryFilterTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ListQueryFilterOnSqlServer(SqlServerApiFactory factory) : ListQueryFilterTests<SqlServerApiFactory>(factory);

/// <summary>Filtering of the public article list: by tag slugs (any of them), by words (every one, in title, summary or tag name) and by publication dates.</summary>
public abstract class ListQueryFilterTests<TFactory>(TFactory factory) : ListQueryTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
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

    private static DateTime At(DateOnly day, int hour, int minute, int second) =>
        day.ToDateTime(new TimeOnly(hour, minute, second), DateTimeKind.Utc);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
