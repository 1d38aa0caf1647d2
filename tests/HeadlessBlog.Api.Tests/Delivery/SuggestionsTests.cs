using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

public sealed class SuggestionsOnSqlite(SqliteApiFactory factory) : SuggestionsTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class SuggestionsOnSqlServer(SqlServerApiFactory factory) : SuggestionsTests<SqlServerApiFactory>(factory);

/// <summary>"You may also like": visible articles ranked by shared tags, then newest, then id.</summary>
public abstract class SuggestionsTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    private const string Body = "Some **Markdown** body.";

    [Fact]
    public async Task Suggestions_RankBySharedTagsThenNewestPublishedAtThenId()
    {
        var (one, two, three) = (Unique("One "), Unique("Two "), Unique("Three "));
        var baseTime = Factory.Clock.GetUtcNow().UtcDateTime.AddDays(-10);
        var source = await CreateAsync([one, two, three], baseTime);
        var threeOlder = await CreateAsync([three, two, one], baseTime.AddHours(1));
        var threeNewer = await CreateAsync([one, two, three], baseTime.AddHours(2));
        // Newest of all, but shares only two tags; extra unshared tags do not count.
        var twoShared = await CreateAsync([two, Unique("Extra "), one, Unique("Extra ")], baseTime.AddHours(5));
        // Same shared count and same publishedAt: the higher id comes first.
        var tieLow = await CreateAsync([one, Unique("Extra "), Unique("Extra "), Unique("Extra ")], baseTime.AddHours(3));
        var tieHigh = await CreateAsync([three], baseTime.AddHours(3));

        var suggestions = await SuggestionsAsync(source.Id, "limit=20");

        Assert.Equal([threeNewer.Id, threeOlder.Id, twoShared.Id, tieHigh.Id, tieLow.Id], Ids(suggestions));
    }

    [Fact]
    public async Task Suggestions_ReturnSummariesWithTags()
    {
        var tag = Unique("Tag ");
        var source = await CreatePublishedArticleAsync(tags: [tag]);
        var candidate = await CreateArticleAsync(new
        {
            title = Unique("Candidate "),
            summary = "A summary.",
            body = Body,
            status = "published",
            tags = new[] { tag, Unique("Other ") },
        });

        var suggestion = Assert.Single(await SuggestionsAsync(source.Id, ""));

        Assert.Equal(candidate.Id, suggestion.Id);
        Assert.Equal(candidate.Slug, suggestion.Slug);
        Assert.Equal(candidate.Title, suggestion.Title);
        Assert.Equal("published", suggestion.Status);
        Assert.Equal(candidate.Tags, suggestion.Tags);
        Assert.Equal("A summary.", suggestion.Excerpt);
    }

    [Fact]
    public async Task Suggestions_ExcludeTheArticleItselfAndTheArticlesItLinksAsRelated()
    {
        var tag = Unique("Tag ");
        var linkedEarlier = await CreatePublishedArticleAsync(tags: [tag]);
        var plain = await CreatePublishedArticleAsync(tags: [tag]);
        var linkedLater = await CreatePublishedArticleAsync(tags: [tag]);
        var source = await CreatePublishedArticleAsync(tags: [tag], related: [linkedEarlier.Id, linkedLater.Id]);
        // Linking *to* the source does not exclude an article.
        var linksToSource = await CreatePublishedArticleAsync(tags: [tag], related: [source.Id]);

        var suggestions = await SuggestionsAsync(source.Id, "limit=20");

        Assert.Equal([linksToSource.Id, plain.Id], Ids(suggestions));
    }

    [Fact]
    public async Task Suggestions_AfterRelatedLinkRemoved_IncludeTheFormerlyLinkedArticle()
    {
        var tag = Unique("Tag ");
        var linked = await CreatePublishedArticleAsync(tags: [tag]);
        var source = await CreatePublishedArticleAsync(tags: [tag], related: [linked.Id]);
        Assert.Empty(await SuggestionsAsync(source.Id, ""));

        var removed = await Client.DeleteAsync($"/api/articles/{source.Id}/related/{linked.Id}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);

        Assert.Equal([linked.Id], Ids(await SuggestionsAsync(source.Id, "")));
    }

    [Fact]
    public async Task Suggestions_ExcludeDraftsAndScheduledArticles()
    {
        var tag = Unique("Tag ");
        var source = await CreatePublishedArticleAsync(tags: [tag]);
        var visible = await CreatePublishedArticleAsync(tags: [tag]);
        await CreateArticleAsync(new { title = Unique("Draft "), body = Body, tags = new[] { tag } });
        await CreateArticleAsync(new
        {
            title = Unique("Scheduled "),
            body = Body,
            status = "published",
            publishedAt = Factory.Clock.GetUtcNow().UtcDateTime.AddDays(1),
            tags = new[] { tag },
        });

        var suggestions = await SuggestionsAsync(source.Id, "limit=20");

        Assert.Equal([visible.Id], Ids(suggestions));
    }

    [Fact]
    public async Task Suggestions_ScheduledArticle_AppearsOnceItsTimeComes()
    {
        var tag = Unique("Tag ");
        var source = await CreatePublishedArticleAsync(tags: [tag]);
        var scheduled = await CreateArticleAsync(new
        {
            title = Unique("Scheduled "),
            body = Body,
            status = "published",
            publishedAt = Factory.Clock.GetUtcNow().UtcDateTime.AddHours(1),
            tags = new[] { tag },
        });

        var before = await SuggestionsAsync(source.Id, "");
        Factory.Clock.Advance(TimeSpan.FromHours(2));
        var after = await SuggestionsAsync(source.Id, "");

        Assert.Empty(before);
        Assert.Equal([scheduled.Id], Ids(after));
    }

    [Fact]
    public async Task Suggestions_ArticlesSharingNoTag_AreNotSuggested()
    {
        var tag = Unique("Tag ");
        var source = await CreatePublishedArticleAsync(tags: [tag]);
        await CreatePublishedArticleAsync(tags: [Unique("Other ")]);
        await CreatePublishedArticleAsync();

        Assert.Empty(await SuggestionsAsync(source.Id, "limit=20"));
    }

    [Fact]
    public async Task Suggestions_ForAnArticleWithoutTags_AreEmpty()
    {
        var source = await CreatePublishedArticleAsync();
        await CreatePublishedArticleAsync();

        Assert.Empty(await SuggestionsAsync(source.Id, "limit=20"));
    }

    [Fact]
    public async Task Suggestions_Limit_DefaultsTo3AndAccepts1And20()
    {
        var tag = Unique("Tag ");
        var source = await CreatePublishedArticleAsync(tags: [tag]);
        var candidates = new List<int>();
        for (var i = 0; i < 22; i++)
        {
            candidates.Add((await CreatePublishedArticleAsync(tags: [tag])).Id);
        }

        // Same shared count: newest first, and creation order is publication order.
        var newestFirst = candidates.AsEnumerable().Reverse().ToArray();
        Assert.Equal(newestFirst[..3], Ids(await SuggestionsAsync(source.Id, "")));
        Assert.Equal(newestFirst[..1], Ids(await SuggestionsAsync(source.Id, "limit=1")));
        Assert.Equal(newestFirst[..20], Ids(await SuggestionsAsync(source.Id, "limit=20")));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("21")]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("1e1")]
    public async Task Suggestions_WithBadLimit_Returns400NamingLimit(string limit)
    {
        var source = await CreatePublishedArticleAsync(tags: [Unique("Tag ")]);

        var byId = await Client.GetAsync($"/api/articles/{source.Id}/suggestions?limit={Uri.EscapeDataString(limit)}", Ct);
        var bySlug = await Client.GetAsync($"/api/articles/slug/{source.Slug}/suggestions?limit={Uri.EscapeDataString(limit)}", Ct);

        await AssertValidationErrorsAsync(byId, "limit");
        await AssertValidationErrorsAsync(bySlug, "limit");
    }

    [Fact]
    public async Task SuggestionsBySlug_ReturnTheSameAsById()
    {
        var (one, two) = (Unique("One "), Unique("Two "));
        var source = await CreatePublishedArticleAsync(tags: [one, two]);
        await CreatePublishedArticleAsync(tags: [one]);
        await CreatePublishedArticleAsync(tags: [two, one]);
        await CreatePublishedArticleAsync(tags: [two]);
        await CreatePublishedArticleAsync(tags: [one]);

        foreach (var query in new[] { "", "?limit=2", "?limit=20" })
        {
            var byId = await Client.GetAsync($"/api/articles/{source.Id}/suggestions{query}", Ct);
            var bySlug = await Client.GetAsync($"/api/articles/slug/{source.Slug}/suggestions{query}", Ct);

            Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
            Assert.Equal(HttpStatusCode.OK, bySlug.StatusCode);
            var idJson = await byId.Content.ReadAsStringAsync(Ct);
            Assert.Equal(idJson, await bySlug.Content.ReadAsStringAsync(Ct));
            Assert.NotEqual("[]", idJson);
        }
    }

    [Fact]
    public async Task Suggestions_ForUnknownArticle_Return404()
    {
        var article = await CreatePublishedArticleAsync(tags: [Unique("Tag ")]);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/articles/{article.Id}", Ct)).StatusCode);

        await ReadProblemAsync(await Client.GetAsync($"/api/articles/{article.Id}/suggestions", Ct), HttpStatusCode.NotFound);
        await ReadProblemAsync(await Client.GetAsync($"/api/articles/slug/{article.Slug}/suggestions", Ct), HttpStatusCode.NotFound);
        await ReadProblemAsync(await Client.GetAsync($"/api/articles/slug/{Unique("missing-")}/suggestions", Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Suggestions_ForADraft_Return404()
    {
        var tag = Unique("Tag ");
        var draft = await CreateArticleAsync(new { title = Unique("Draft "), body = Body, tags = new[] { tag } });
        await CreatePublishedArticleAsync(tags: [tag]);

        await ReadProblemAsync(await Client.GetAsync($"/api/articles/{draft.Id}/suggestions", Ct), HttpStatusCode.NotFound);
        await ReadProblemAsync(await Client.GetAsync($"/api/articles/slug/{draft.Slug}/suggestions", Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Suggestions_ForAScheduledArticle_Return404UntilItsTimeComes()
    {
        var tag = Unique("Tag ");
        var candidate = await CreatePublishedArticleAsync(tags: [tag]);
        var scheduled = await CreateArticleAsync(new
        {
            title = Unique("Scheduled "),
            body = Body,
            status = "published",
            publishedAt = Factory.Clock.GetUtcNow().UtcDateTime.AddHours(1),
            tags = new[] { tag },
        });

        await ReadProblemAsync(await Client.GetAsync($"/api/articles/{scheduled.Id}/suggestions", Ct), HttpStatusCode.NotFound);
        await ReadProblemAsync(await Client.GetAsync($"/api/articles/slug/{scheduled.Slug}/suggestions", Ct), HttpStatusCode.NotFound);
        Factory.Clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal([candidate.Id], Ids(await SuggestionsAsync(scheduled.Id, "")));
    }

    // ---------- helpers ----------

    private static int[] Ids(IReadOnlyList<ArticleSummary> articles) => [.. articles.Select(a => a.Id)];

    private Task<ArticleResponse> CreateAsync(string[] tags, DateTime publishedAt) =>
        CreateArticleAsync(new { title = Unique("Article "), body = Body, status = "published", publishedAt, tags });

    private async Task<IReadOnlyList<ArticleSummary>> SuggestionsAsync(int id, string query)
    {
        var response = await Client.GetAsync($"/api/articles/{id}/suggestions?{query}", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<List<ArticleSummary>>(Ct))!;
    }
}

/// <summary>The API with the output cache off, so that every request reaches the database.</summary>
public class SuggestionsUncachedSqliteFactory : SqliteApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } =
        new Dictionary<string, string?> { ["Caching:OutputCacheEnabled"] = "false" };
}

/// <summary>The API on SQL Server with the output cache off.</summary>
public class SuggestionsUncachedSqlServerFactory(SqlServerContainer container) : SqlServerApiFactory(container)
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } =
        new Dictionary<string, string?> { ["Caching:OutputCacheEnabled"] = "false" };
}

public sealed class SuggestionsSqlCommandsOnSqlite(SuggestionsUncachedSqliteFactory factory)
    : SuggestionsSqlCommandsTests<SuggestionsUncachedSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class SuggestionsSqlCommandsOnSqlServer(SuggestionsUncachedSqlServerFactory factory)
    : SuggestionsSqlCommandsTests<SuggestionsUncachedSqlServerFactory>(factory);

/// <summary>Suggestions cost a fixed, small number of SQL commands, whatever the number of candidates.</summary>
public abstract class SuggestionsSqlCommandsTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    /// <summary>
    /// Find the article, rank the suggestions (ids only; kept until the next write), read their summaries and (on
    /// SQLite, which runs collections as split queries) the summaries' tags.
    /// </summary>
    private const int MaxCommands = 4;

    [Fact]
    public async Task Suggestions_IssueTheSameSmallNumberOfCommandsFor2Or30Candidates()
    {
        var (fewTag, manyTag) = (Unique("Few "), Unique("Many "));
        var few = await CreatePublishedArticleAsync(tags: [fewTag, Unique("Own ")]);
        var many = await CreatePublishedArticleAsync(tags: [manyTag, Unique("Own ")]);
        for (var i = 0; i < 2; i++)
        {
            await CreatePublishedArticleAsync(tags: [fewTag, Unique("Extra ")]);
        }

        for (var i = 0; i < 30; i++)
        {
            await CreatePublishedArticleAsync(tags: [manyTag, Unique("Extra ")]);
        }

        var (fewCommands, fewCount) = await CountCommandsAsync($"/api/articles/{few.Id}/suggestions?limit=20");
        var (manyCommands, manyCount) = await CountCommandsAsync($"/api/articles/{many.Id}/suggestions?limit=20");
        var (slugCommands, slugCount) = await CountCommandsAsync($"/api/articles/slug/{many.Slug}/suggestions?limit=20");

        Assert.Equal(2, fewCount);
        Assert.Equal(20, manyCount);
        Assert.Equal(20, slugCount);
        Assert.Equal(fewCommands, manyCommands);
        Assert.Equal(manyCommands, slugCommands);
        Assert.InRange(manyCommands, 1, MaxCommands);
    }

    [Fact]
    public async Task Suggestions_WithTheOutputCacheOff_ReachTheDatabaseEveryTime()
    {
        var tag = Unique("Tag ");
        var source = await CreatePublishedArticleAsync(tags: [tag]);
        await CreatePublishedArticleAsync(tags: [tag]);

        var (first, _) = await CountCommandsAsync($"/api/articles/{source.Id}/suggestions");
        var (second, _) = await CountCommandsAsync($"/api/articles/{source.Id}/suggestions");

        Assert.True(first > 0);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Suggestions_AreRankedOnce_AndAgainAfterTheNextWrite()
    {
        var tag = Unique("Tag ");
        var source = await CreatePublishedArticleAsync(tags: [tag]);
        var first = await CreatePublishedArticleAsync(tags: [tag]);
        var url = $"/api/articles/{source.Id}/suggestions?limit=20";

        var (ranked, firstIds) = await RankingsAsync(url);
        var (kept, keptIds) = await RankingsAsync(url);
        var second = await CreatePublishedArticleAsync(tags: [tag]);
        var (rankedAgain, afterWrite) = await RankingsAsync(url);

        Assert.Equal(1, ranked);
        Assert.Equal([first.Id], firstIds);
        Assert.Equal(0, kept);
        Assert.Equal([first.Id], keptIds);
        Assert.Equal(1, rankedAgain);
        Assert.Equal([second.Id, first.Id], afterWrite);
    }

    /// <summary>How many ranking queries (the grouping of tag assignments) one GET sent, and the suggested ids.</summary>
    private async Task<(int Rankings, int[] Ids)> RankingsAsync(string url)
    {
        Factory.Commands.Reset();
        var response = await Client.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await response.Content.ReadFromJsonAsync<List<ArticleSummary>>(Ct))!;
        return (Factory.Commands.Queries.Count(q => q.Contains("GROUP BY", StringComparison.OrdinalIgnoreCase)), [.. items.Select(a => a.Id)]);
    }

    /// <summary>Commands sent for one GET, after a warm-up request (which refreshes the publication schedule after the writes).</summary>
    private async Task<(int Commands, int Items)> CountCommandsAsync(string url)
    {
        var warmUp = await Client.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);

        Factory.Commands.Reset();
        var response = await Client.GetAsync(url, Ct);
        var commands = Factory.Commands.Count;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await response.Content.ReadFromJsonAsync<List<ArticleSummary>>(Ct))!;
        return (commands, items.Count);
    }
}
