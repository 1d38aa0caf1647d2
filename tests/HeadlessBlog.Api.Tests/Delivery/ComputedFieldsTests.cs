using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

public sealed class ComputedFieldsOnSqlite(SqliteApiFactory factory) : ComputedFieldsTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ComputedFieldsOnSqlServer(SqlServerApiFactory factory) : ComputedFieldsTests<SqlServerApiFactory>(factory);

/// <summary>wordCount, readingTimeMinutes and excerpt, computed on save and returned on articles and list items.</summary>
public abstract class ComputedFieldsTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    private const char Ellipsis = '…';
    private const int ExcerptMaxLength = 300;

    private static readonly string[] Vocabulary =
        ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett", "kilo", "lima", "mike", "november"];

    // ---------- wordCount and readingTimeMinutes ----------

    [Theory]
    [InlineData(550, 0, 2)] // 120 s → 2 min
    [InlineData(660, 0, 2)] // 144 s = 2.4 min → 2
    [InlineData(660, 1, 3)] // 144 s + 12 s = 156 s = 2.6 min → 3: the first image adds 12 s
    [InlineData(600, 1, 2)] // 130.9 s + 12 s = 142.9 s = 2.38 min → 2
    [InlineData(600, 2, 3)] // 130.9 s + 12 s + 11 s = 153.9 s = 2.56 min → 3: the second image adds 11 s
    [InlineData(2750, 0, 10)] // 600 s → 10
    [InlineData(3, 0, 1)] // a tiny body still takes a minute
    [InlineData(0, 1, 1)] // an image alone: 12 s, at least one minute
    [InlineData(0, 20, 2)] // 12 + 11 + … + 3 = 75 s, then 10 × 3 s (never under 3 s an image) = 105 s = 1.75 min → 2
    public async Task WordCountAndReadingTime_FollowTheBodyAndItsImages(int words, int images, int expectedMinutes)
    {
        var body = string.Join("\n\n", new[] { Words(words) }.Where(w => w.Length > 0).Concat(Images(images)));

        var created = await CreateArticleAsync(new { title = Unique("Reading "), body, status = "published" });
        var read = await GetArticleAsync(created.Id);

        Assert.Equal(words, created.WordCount);
        Assert.Equal(expectedMinutes, created.ReadingTimeMinutes);
        Assert.Equal(words, read.WordCount);
        Assert.Equal(expectedMinutes, read.ReadingTimeMinutes);
    }

    [Theory]
    [InlineData("# Title\n\n**Bold** and _italic_ with a [link](https://example.com/some/long/path).", 7)]
    [InlineData("- item one\n- item two\n\n> quoted words", 6)]
    [InlineData("Some `inline code` here.", 4)]
    [InlineData("Hello, world! How are you?", 5)]
    public async Task WordCount_CountsTheWordsOfTheRenderedText_NotTheMarkdownSyntax(string body, int expected)
    {
        var article = await CreateArticleAsync(new { title = Unique("Words "), body, status = "published" });

        Assert.Equal(expected, article.WordCount);
        Assert.Equal(expected, (await GetArticleAsync(article.Id)).WordCount);
    }

    [Theory]
    [InlineData("日本語のテキスト", 8)] // 日 本 語 の テ キ ス ト
    [InlineData("Hello 世界", 3)] // Hello + 世 + 界
    [InlineData("中文，日本語。", 5)] // the full-width punctuation is no word
    [InlineData("안녕하세요 world", 6)] // 안 녕 하 세 요 + world
    public async Task WordCount_CountsEachCjkCharacterAsAWord(string body, int expected)
    {
        var article = await CreateArticleAsync(new { title = Unique("CJK "), body, status = "published" });

        Assert.Equal(expected, article.WordCount);
        Assert.Equal(expected, (await GetArticleAsync(article.Id)).WordCount);
    }

    [Fact]
    public async Task ReadingTime_OfALongCjkBody_CountsEachCharacterAsAWord()
    {
        // 2,750 characters, no spaces: 2,750 words → 600 s → 10 minutes.
        var body = string.Concat(Enumerable.Repeat("漢字かなカナ한국", 344))[..2750];

        var article = await CreateArticleAsync(new { title = Unique("Long CJK "), body, status = "published" });

        Assert.Equal(2750, article.WordCount);
        Assert.Equal(10, article.ReadingTimeMinutes);
    }

    // ---------- excerpt ----------

    [Fact]
    public async Task Excerpt_WithSummary_IsTheSummary()
    {
        var article = await CreateArticleAsync(new
        {
            title = Unique("Summarized "),
            summary = "A hand-written summary.",
            body = "# Heading\n\n" + Words(200),
            status = "published",
        });

        Assert.Equal("A hand-written summary.", article.Excerpt);
        Assert.Equal("A hand-written summary.", (await GetArticleAsync(article.Id)).Excerpt);
    }

    [Fact]
    public async Task Excerpt_WithASummaryOf500Characters_IsTheWholeSummary()
    {
        var summary = (Unique("Long summary ") + " " + Words(200))[..499] + "x";
        Assert.Equal(500, summary.Length);

        var article = await CreateArticleAsync(new { title = Unique("Long summary "), summary, body = Words(20), status = "published" });

        Assert.Equal(summary, article.Excerpt);
        Assert.Equal(summary, (await GetArticleAsync(article.Id)).Excerpt);
    }

    [Fact]
    public async Task Excerpt_WithoutSummary_IsThePlainTextWithoutMarkdownSyntax()
    {
        var article = await CreateArticleAsync(new
        {
            title = Unique("Plain "),
            body = "# Heading\n\nSome **bold** text with a [link](https://example.com/hidden-target) and `code`.",
            status = "published",
        });

        Assert.Equal("Heading Some bold text with a link and code.", article.Excerpt);
        Assert.Equal(article.Excerpt, (await GetArticleAsync(article.Id)).Excerpt);
    }

    [Fact]
    public async Task Excerpt_OfALongBody_IsCutAtAWordBoundaryWithinTheLimitAndEndsWithAnEllipsis()
    {
        var body = "# A **Big** Heading\n\nIntro with a [link](https://example.com/very/hidden/path) and **strong** words.\n\n"
            + Words(120);
        var article = await CreateArticleAsync(new { title = Unique("Long "), body, status = "published" });
        var plaintext = (await GetArticleJsonAsync(article.Id, "formats=plaintext")).GetProperty("bodyPlaintext").GetString()!;

        var excerpt = article.Excerpt;
        Assert.EndsWith(Ellipsis.ToString(), excerpt, StringComparison.Ordinal);
        Assert.True(excerpt.Length <= ExcerptMaxLength, $"The excerpt has {excerpt.Length} characters: {excerpt}");
        var head = excerpt[..^1];
        Assert.StartsWith("A Big Heading Intro with a link and strong words. alpha", head, StringComparison.Ordinal);
        Assert.StartsWith(head, plaintext, StringComparison.Ordinal);
        // Cut at a word boundary: the text goes on with a space, not with the rest of a word...
        Assert.Equal(' ', plaintext[head.Length]);
        Assert.NotEqual(' ', head[^1]);
        // ...and as late as it can: the next word would not have fitted.
        var nextWord = plaintext[(head.Length + 1)..].Split(' ')[0];
        Assert.True(
            head.Length + 1 + nextWord.Length + 1 > ExcerptMaxLength,
            $"The excerpt stops early: '{nextWord}' would still fit after {head.Length} characters.");
        Assert.DoesNotContain("#", excerpt, StringComparison.Ordinal);
        Assert.DoesNotContain("*", excerpt, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", excerpt, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden", excerpt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Excerpt_OfAShortBody_IsTheWholeTextWithoutEllipsis()
    {
        var article = await CreateArticleAsync(new { title = Unique("Short "), body = "Just a *few* words.", status = "published" });

        Assert.Equal("Just a few words.", article.Excerpt);
    }

    [Fact]
    public async Task Excerpt_OfABodyOfExactly300Characters_IsTheWholeText()
    {
        var text = TextOfLength(ExcerptMaxLength);

        var article = await CreateArticleAsync(new { title = Unique("Exact "), body = text, status = "published" });

        Assert.Equal(text, article.Excerpt);
    }

    [Fact]
    public async Task Excerpt_OfABodyOf301Characters_IsCutWithAnEllipsis()
    {
        var text = TextOfLength(ExcerptMaxLength + 1);

        var article = await CreateArticleAsync(new { title = Unique("Over "), body = text, status = "published" });

        Assert.EndsWith(Ellipsis.ToString(), article.Excerpt, StringComparison.Ordinal);
        Assert.True(article.Excerpt.Length <= ExcerptMaxLength, $"{article.Excerpt.Length} characters");
        var head = article.Excerpt[..^1];
        Assert.StartsWith(head, text, StringComparison.Ordinal);
        Assert.Equal(' ', text[head.Length]);
    }

    [Fact]
    public async Task Excerpt_OfALongCjkBody_CutsBetweenCharacters()
    {
        var text = string.Concat(Enumerable.Repeat("漢字かなカナ", 70)); // 420 characters, each a word

        var article = await CreateArticleAsync(new { title = Unique("CJK excerpt "), body = text, status = "published" });

        Assert.Equal(text[..(ExcerptMaxLength - 1)] + Ellipsis, article.Excerpt);
    }

    // ---------- Where the values appear ----------

    [Fact]
    public async Task ComputedFields_AppearOnTheArticleAndOnEveryKindOfListItem()
    {
        var tag = await CreateTagAsync();
        var body = "Opening words here.\n\n" + Words(547) + "\n\n![](https://example.com/cover.png)";
        var article = await CreateArticleAsync(new { title = Unique("Everywhere "), body, status = "published", tags = new[] { tag.Name } });
        var other = await CreatePublishedArticleAsync(tags: [tag.Name], related: [article.Id]);
        var third = await CreatePublishedArticleAsync(tags: [tag.Name]);
        const int expectedWords = 550;
        const int expectedMinutes = 2; // 120 s + 12 s
        var expectedExcerptStart = "Opening words here. alpha bravo";

        Assert.Equal(expectedWords, article.WordCount);
        Assert.Equal(expectedMinutes, article.ReadingTimeMinutes);
        Assert.StartsWith(expectedExcerptStart, article.Excerpt, StringComparison.Ordinal);

        var read = await GetArticleAsync(article.Id);
        Assert.Equal((expectedWords, expectedMinutes, article.Excerpt), (read.WordCount, read.ReadingTimeMinutes, read.Excerpt));

        var listed = (await ListAsync($"tag={tag.Slug}")).Items.Single(a => a.Id == article.Id);
        Assert.Equal((expectedWords, expectedMinutes, article.Excerpt), (listed.WordCount, listed.ReadingTimeMinutes, listed.Excerpt));

        var listedAll = (await ListAsync($"tag={tag.Slug}&status=all")).Items.Single(a => a.Id == article.Id);
        Assert.Equal((expectedWords, expectedMinutes, article.Excerpt), (listedAll.WordCount, listedAll.ReadingTimeMinutes, listedAll.Excerpt));

        var related = Assert.Single((await GetArticleAsync(other.Id)).Related);
        Assert.Equal((expectedWords, expectedMinutes, article.Excerpt), (related.WordCount, related.ReadingTimeMinutes, related.Excerpt));

        var relatedList = Assert.Single((await Client.GetFromJsonAsync<List<ArticleSummary>>($"/api/articles/{other.Id}/related", Ct))!);
        Assert.Equal((expectedWords, expectedMinutes, article.Excerpt), (relatedList.WordCount, relatedList.ReadingTimeMinutes, relatedList.Excerpt));

        var suggestions = (await Client.GetFromJsonAsync<List<ArticleSummary>>($"/api/articles/{third.Id}/suggestions?limit=5", Ct))!;
        var suggested = suggestions.Single(a => a.Id == article.Id);
        Assert.Equal((expectedWords, expectedMinutes, article.Excerpt), (suggested.WordCount, suggested.ReadingTimeMinutes, suggested.Excerpt));
    }

    [Fact]
    public async Task ComputedFields_AreInTheJsonOfArticlesAndListItems()
    {
        var tag = await CreateTagAsync();
        var article = await CreateArticleAsync(new { title = Unique("Json "), body = "Three little words.", status = "published", tags = new[] { tag.Name } });

        var json = await GetArticleJsonAsync(article.Id, "");
        Assert.Equal(3, json.GetProperty("wordCount").GetInt32());
        Assert.Equal(1, json.GetProperty("readingTimeMinutes").GetInt32());
        Assert.Equal("Three little words.", json.GetProperty("excerpt").GetString());

        var list = await Client.GetFromJsonAsync<JsonElement>($"/api/articles?tag={tag.Slug}", Ct);
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(3, item.GetProperty("wordCount").GetInt32());
        Assert.Equal(1, item.GetProperty("readingTimeMinutes").GetInt32());
        Assert.Equal("Three little words.", item.GetProperty("excerpt").GetString());
    }

    [Fact]
    public async Task ComputedFields_AreRecomputedOnUpdate()
    {
        var tag = await CreateTagAsync();
        var article = await CreateArticleAsync(new { title = Unique("Changing "), body = Words(550), status = "published", tags = new[] { tag.Name } });
        Assert.Equal((550, 2), (article.WordCount, article.ReadingTimeMinutes));
        // Read first, so that cached answers would show stale values if the update did not evict them.
        Assert.Equal(550, (await GetArticleAsync(article.Id)).WordCount);
        Assert.Equal(550, Assert.Single((await ListAsync($"tag={tag.Slug}")).Items).WordCount);

        var newBody = "Fresh start of the text.\n\n" + Words(2745) + "\n\n![](https://example.com/one.png)";
        var updated = await PutAsync(article.Id, new { title = article.Title, body = newBody, status = "published", tags = new[] { tag.Name } });

        // 2,750 words (600 s) and one image (12 s): 612 s = 10.2 min → 10.
        Assert.Equal((2750, 10), (updated.WordCount, updated.ReadingTimeMinutes));
        Assert.StartsWith("Fresh start of the text. alpha", updated.Excerpt, StringComparison.Ordinal);
        Assert.EndsWith(Ellipsis.ToString(), updated.Excerpt, StringComparison.Ordinal);
        var read = await GetArticleAsync(article.Id);
        Assert.Equal((2750, 10, updated.Excerpt), (read.WordCount, read.ReadingTimeMinutes, read.Excerpt));
        var listed = Assert.Single((await ListAsync($"tag={tag.Slug}")).Items);
        Assert.Equal((2750, 10, updated.Excerpt), (listed.WordCount, listed.ReadingTimeMinutes, listed.Excerpt));

        var summarized = await PutAsync(article.Id, new { title = article.Title, summary = "Now with a summary.", body = "Tiny.", status = "published" });
        Assert.Equal(("Now with a summary.", 1, 1), (summarized.Excerpt, summarized.WordCount, summarized.ReadingTimeMinutes));
        Assert.Equal("Now with a summary.", (await GetArticleAsync(article.Id)).Excerpt);

        var unsummarized = await PutAsync(article.Id, new { title = article.Title, body = "Back to the body.", status = "published" });
        Assert.Equal("Back to the body.", unsummarized.Excerpt);
        Assert.Equal("Back to the body.", (await GetArticleAsync(article.Id)).Excerpt);
    }

    // ---------- helpers ----------

    /// <summary><paramref name="count"/> words from a fixed vocabulary, separated by spaces (no punctuation).</summary>
    private static string Words(int count) =>
        string.Join(' ', Enumerable.Range(0, count).Select(i => Vocabulary[i % Vocabulary.Length]));

    private static IEnumerable<string> Images(int count) =>
        Enumerable.Range(1, count).Select(i => $"![](https://example.com/images/{i}.png)");

    /// <summary>Plain words separated by single spaces, exactly <paramref name="length"/> characters, ending in a letter.</summary>
    private static string TextOfLength(int length)
    {
        var text = Words(length)[..length];
        return text[^1] == ' ' ? text[..^1] + "x" : text;
    }

    private async Task<ArticleResponse> GetArticleAsync(int id)
    {
        var response = await Client.GetAsync($"/api/articles/{id}", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
    }

    private async Task<JsonElement> GetArticleJsonAsync(int id, string query)
    {
        var response = await Client.GetAsync($"/api/articles/{id}?{query}", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private async Task<PagedResponse<ArticleSummary>> ListAsync(string query)
    {
        // Drafts and scheduled articles are listed for editors only.
        var client = query.Contains("status=", StringComparison.Ordinal) && !query.Contains("status=published", StringComparison.Ordinal) ? Editor : Client;
        var response = await client.GetAsync("/api/articles?" + query, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<PagedResponse<ArticleSummary>>(Ct))!;
    }
}
