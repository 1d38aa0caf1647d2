using System.Net;
using System.Text.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

/// <summary>SQLite with the output cache off, so that every read reaches the database.</summary>
public sealed class NoOutputCacheSqliteFactory : SqliteApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Caching:OutputCacheEnabled"] = "false",
    };
}

/// <summary>SQL Server with the output cache off, so that every read reaches the database.</summary>
public sealed class NoOutputCacheSqlServerFactory(SqlServerContainer container) : SqlServerApiFactory(container)
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Caching:OutputCacheEnabled"] = "false",
    };
}

public sealed class QueryCountOnSqlite(NoOutputCacheSqliteFactory factory) : QueryCountTests<NoOutputCacheSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class QueryCountOnSqlServer(NoOutputCacheSqlServerFactory factory) : QueryCountTests<NoOutputCacheSqlServerFactory>(factory);

/// <summary>
/// Each read endpoint runs a fixed number of SQL commands whatever the size of its answer (no N+1):
/// the same count for one item as for a hundred, and never more than <see cref="MaxCommands"/>.
/// </summary>
public abstract class QueryCountTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    private const int MaxCommands = 6;
    private const int DatasetSize = 100;

    // One data set per database (a static field of the generic class exists once per factory type), built by the first test that needs it.
    private static readonly SemaphoreSlim DatasetGate = new(1, 1);
    private static readonly JsonSerializerOptions JsonWeb = new(JsonSerializerDefaults.Web);
    private static Dataset? _dataset;

    [Fact]
    public async Task ArticleList_RunsTheSameFewCommandsForOneAndForAHundredItems()
    {
        var data = await DatasetAsync();

        var (small, smallBody) = await CountAsync($"/api/articles?tag={data.TagSlug}&pageSize=1");
        var (large, largeBody) = await CountAsync($"/api/articles?tag={data.TagSlug}&pageSize=100");

        Assert.Single(Page<ArticleSummary>(smallBody).Items);
        var items = Page<ArticleSummary>(largeBody).Items;
        Assert.Equal(DatasetSize, items.Count);
        Assert.All(items, a => Assert.Equal(3, a.Tags.Count));
        AssertFixedAndFew(small, large);
    }

    [Fact]
    public async Task ArticleList_WithSearchAndSort_RunsTheSameFewCommandsForOneAndForAHundredItems()
    {
        var data = await DatasetAsync();

        var (small, _) = await CountAsync($"/api/articles?q={data.Token}&sort=title&pageSize=1");
        var (large, largeBody) = await CountAsync($"/api/articles?q={data.Token}&sort=title&pageSize=100");

        Assert.Equal(DatasetSize, Page<ArticleSummary>(largeBody).Items.Count);
        AssertFixedAndFew(small, large);
    }

    [Fact]
    public async Task TagList_RunsTheSameFewCommandsForOneAndForAHundredItems()
    {
        var data = await DatasetAsync();

        var (small, smallBody) = await CountAsync($"/api/tags?q={data.Token}&pageSize=1");
        var (large, largeBody) = await CountAsync($"/api/tags?q={data.Token}&pageSize=100");

        Assert.Single(Page<TagResponse>(smallBody).Items);
        Assert.Equal(DatasetSize, Page<TagResponse>(largeBody).Items.Count);
        AssertFixedAndFew(small, large);
    }

    [Fact]
    public async Task TagList_SortedByArticleCount_RunsTheSameFewCommandsForOneAndForAHundredItems()
    {
        var data = await DatasetAsync();

        var (small, _) = await CountAsync($"/api/tags?q={data.Token}&sort=-articleCount&pageSize=1");
        var (large, largeBody) = await CountAsync($"/api/tags?q={data.Token}&sort=-articleCount&pageSize=100");

        var items = Page<TagResponse>(largeBody).Items;
        Assert.Equal(DatasetSize, items.Count);
        Assert.Equal(DatasetSize, items[0].ArticleCount);
        AssertFixedAndFew(small, large);
    }

    [Fact]
    public async Task ArticleById_RunsTheSameFewCommandsWithOneAndWithTwentyRelatedArticles()
    {
        var data = await DatasetAsync();

        var (none, noneBody) = await CountAsync($"/api/articles/{data.NoRelated.Id}");
        var (small, smallBody) = await CountAsync($"/api/articles/{data.OneRelated.Id}");
        var (large, largeBody) = await CountAsync($"/api/articles/{data.TwentyRelated.Id}");

        Assert.Empty(Json<ArticleResponse>(noneBody).Related);
        Assert.Single(Json<ArticleResponse>(smallBody).Related);
        var related = Json<ArticleResponse>(largeBody).Related;
        Assert.Equal(20, related.Count);
        Assert.All(related, r => Assert.Equal(3, r.Tags.Count));
        AssertFixedAndFew(small, large);
        // Nor does an article without related articles run more.
        Assert.InRange(none, 1, small);
    }

    [Fact]
    public async Task ArticleBySlug_RunsTheSameFewCommandsWithOneAndWithTwentyRelatedArticles()
    {
        var data = await DatasetAsync();

        var (none, noneBody) = await CountAsync($"/api/articles/slug/{data.NoRelated.Slug}?formats=markdown,html,plaintext");
        var (small, smallBody) = await CountAsync($"/api/articles/slug/{data.OneRelated.Slug}?formats=markdown,html,plaintext");
        var (large, largeBody) = await CountAsync($"/api/articles/slug/{data.TwentyRelated.Slug}?formats=markdown,html,plaintext");

        Assert.Empty(Json<ArticleResponse>(noneBody).Related);
        Assert.Single(Json<ArticleResponse>(smallBody).Related);
        Assert.Equal(20, Json<ArticleResponse>(largeBody).Related.Count);
        AssertFixedAndFew(small, large);
        Assert.InRange(none, 1, small);
    }

    [Fact]
    public async Task RelatedList_RunsTheSameFewCommandsForOneAndForTwentyItems()
    {
        var data = await DatasetAsync();

        var (small, smallBody) = await CountAsync($"/api/articles/{data.OneRelated.Id}/related");
        var (large, largeBody) = await CountAsync($"/api/articles/{data.TwentyRelated.Id}/related");

        Assert.Single(Json<List<ArticleSummary>>(smallBody));
        var related = Json<List<ArticleSummary>>(largeBody);
        Assert.Equal(20, related.Count);
        Assert.All(related, r => Assert.Equal(3, r.Tags.Count));
        AssertFixedAndFew(small, large);
    }

    [Fact]
    public async Task Suggestions_RunTheSameFewCommandsForOneAndForTwentyItems()
    {
        var data = await DatasetAsync();

        var (small, smallBody) = await CountAsync($"/api/articles/{data.WithSuggestions.Id}/suggestions?limit=1");
        var (large, largeBody) = await CountAsync($"/api/articles/{data.WithSuggestions.Id}/suggestions?limit=20");

        Assert.Single(Json<List<ArticleSummary>>(smallBody));
        var suggestions = Json<List<ArticleSummary>>(largeBody);
        Assert.Equal(20, suggestions.Count);
        Assert.All(suggestions, s => Assert.Equal(3, s.Tags.Count));
        AssertFixedAndFew(small, large);
    }

    [Fact]
    public async Task SuggestionsBySlug_RunTheSameFewCommandsForOneAndForTwentyItems()
    {
        var data = await DatasetAsync();

        var (small, smallBody) = await CountAsync($"/api/articles/slug/{data.WithSuggestions.Slug}/suggestions?limit=1");
        var (large, largeBody) = await CountAsync($"/api/articles/slug/{data.WithSuggestions.Slug}/suggestions?limit=20");

        Assert.Single(Json<List<ArticleSummary>>(smallBody));
        Assert.Equal(20, Json<List<ArticleSummary>>(largeBody).Count);
        AssertFixedAndFew(small, large);
    }

    [Fact]
    public async Task TagReads_RunTheSameFewCommandsForATagOfOneArticleAndATagOfAHundred()
    {
        var data = await DatasetAsync();
        var single = data.NoRelated.Tags[1];

        var (small, smallBody) = await CountAsync($"/api/tags/{single.Id}");
        var (large, largeBody) = await CountAsync($"/api/tags/slug/{data.TagSlug}");

        Assert.Equal(1, Json<TagResponse>(smallBody).ArticleCount);
        Assert.Equal(DatasetSize, Json<TagResponse>(largeBody).ArticleCount);
        AssertFixedAndFew(small, large);
    }

    [Fact]
    public async Task ColdReads_OfAnArticleInOneStatement_AndOfAPageInAtMostTwo()
    {
        var data = await DatasetAsync();

        // An article: itself with its tags (kept beside it) and its related articles with theirs, in one statement.
        var (bySlug, _) = await CountAsync($"/api/articles/slug/{data.TwentyRelated.Slug}");
        var (byId, _) = await CountAsync($"/api/articles/{data.TwentyRelated.Id}");
        // A page of a list or of a tag: the articles with their tags (the total is kept between writes).
        var (newest, _) = await CountAsync("/api/articles?pageSize=20");
        var (tagPage, _) = await CountAsync($"/api/articles?tag={data.TagSlug}&pageSize=20");
        // A list of articles chosen apart from them: whether the article is visible, then the related articles or suggestions.
        var (related, _) = await CountAsync($"/api/articles/{data.TwentyRelated.Id}/related");
        var (suggestions, _) = await CountAsync($"/api/articles/{data.WithSuggestions.Id}/suggestions?limit=20");

        Assert.True(bySlug == 1, $"Article by slug: {bySlug} statements.");
        Assert.True(byId == 1, $"Article by id: {byId} statements.");
        Assert.True(newest <= 1, $"Newest page: {newest} statements.");
        Assert.True(tagPage <= 1, $"Tag page: {tagPage} statements.");
        Assert.True(related <= 2, $"Related list: {related} statements.");
        Assert.True(suggestions <= 2, $"Suggestions: {suggestions} statements.");
    }

    private static void AssertFixedAndFew(int small, int large)
    {
        Assert.True(small == large, $"{small} SQL commands for the small answer, {large} for the large one.");
        Assert.InRange(large, 1, MaxCommands);
    }

    /// <summary>The SQL commands of one read of <paramref name="url"/>, after a warm-up read of it.</summary>
    private async Task<(int Commands, string Body)> CountAsync(string url)
    {
        // The first read after a write also refreshes the publication schedule: warm up so that only the read itself counts.
        var warmUp = await Client.GetAsync(url, Ct);
        Assert.True(warmUp.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)warmUp.StatusCode}.");

        Factory.Commands.Reset();
        var response = await Client.GetAsync(url, Ct);
        var commands = Factory.Commands.Count;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (commands, await response.Content.ReadAsStringAsync(Ct));
    }

    private static T Json<T>(string body) => JsonSerializer.Deserialize<T>(body, JsonWeb)!;

    private static PagedResponse<T> Page<T>(string body) => Json<PagedResponse<T>>(body);

    private async Task<Dataset> DatasetAsync()
    {
        await DatasetGate.WaitAsync(Ct);
        try
        {
            return _dataset ??= await CreateDatasetAsync();
        }
        finally
        {
            DatasetGate.Release();
        }
    }

    /// <summary>
    /// <see cref="DatasetSize"/> visible articles, each with a shared tag and two tags of its own (so that a search for
    /// the token finds exactly <see cref="DatasetSize"/> articles and at least <see cref="DatasetSize"/> tags), each linking
    /// to the two articles before it; then articles with no, one and twenty related articles.
    /// </summary>
    private async Task<Dataset> CreateDatasetAsync()
    {
        var token = Unique("qc");
        var shared = $"Shared {token}";
        var ids = new List<int>();
        ArticleResponse? first = null;
        for (var i = 0; i < DatasetSize; i++)
        {
            var article = await CreateArticleAsync(new
            {
                title = $"Article {token} {i:D3}",
                summary = $"Summary {i}",
                body = $"# Article {i}\n\nSome **Markdown** body with [a link](https://example.com/{i}).",
                status = "published",
                publishedAt = Factory.Clock.GetUtcNow().AddMinutes(-i),
                tags = new[] { shared, $"{token} a{i:D3}", $"{token} b{i:D3}" },
                relatedArticleIds = ids.TakeLast(2).ToArray(),
            });
            first ??= article;
            ids.Add(article.Id);
        }

        // Extra articles carry neither the token in their title nor the shared tag, so that the lists above stay at exactly 100.
        var other = Unique("qx");
        var noRelated = await CreateArticleAsync(ExtraArticle(other, 0, []));
        var oneRelated = await CreateArticleAsync(ExtraArticle(other, 1, [ids[0]]));
        var twentyRelated = await CreateArticleAsync(ExtraArticle(other, 20, [.. ids.Take(20)]));
        return new Dataset(token, first!.Tags[0].Slug, noRelated, oneRelated, twentyRelated, WithSuggestions: first);
    }

    private static object ExtraArticle(string token, int related, int[] relatedIds) => new
    {
        title = $"Extra {token} {related}",
        body = "Extra body.",
        status = "published",
        tags = new[] { $"Extra {token} {related}", $"Extra {token} {related} second", $"Extra {token} {related} third" },
        relatedArticleIds = relatedIds,
    };

    /// <param name="WithSuggestions">The first article: it shares a tag with 99 others and links to none.</param>
    private sealed record Dataset(
        string Token, string TagSlug, ArticleResponse NoRelated, ArticleResponse OneRelated, ArticleResponse TwentyRelated,
        ArticleResponse WithSuggestions);
}
