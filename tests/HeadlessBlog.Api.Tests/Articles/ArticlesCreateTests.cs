using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Articles;

public sealed class ArticlesCreateOnSqlite(SqliteApiFactory factory) : ArticlesCreateTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ArticlesCreateOnSqlServer(SqlServerApiFactory factory) : ArticlesCreateTests<SqlServerApiFactory>(factory);

/// <summary>POST /api/articles: what a new article stores, its generated slug and its publication time.</summary>
public abstract class ArticlesCreateTests<TFactory>(TFactory factory) : ArticlesTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Create_WithAllFields_Returns201WithLocationAndArticle()
    {
        var token = Unique();
        var related = await CreatePublishedArticleAsync();
        var slug = $"all-fields-{token}";
        var before = Factory.Clock.GetUtcNow().UtcDateTime;

        var response = await Client.PostAsJsonAsync("/api/articles", new
        {
            title = $"All fields {token}",
            slug,
            summary = "A short summary.",
            body = "# Heading\n\nBody text.",
            featureImageUrl = "https://images.example.com/cover.png",
            status = "published",
            publishedAt = "2024-05-01T10:00:00Z",
            tags = new[] { $"First {token}", $"Second {token}" },
            relatedArticleIds = new[] { related.Id },
        }, Ct);
        var after = Factory.Clock.GetUtcNow().UtcDateTime;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var article = await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct);
        Assert.NotNull(article);
        Assert.Equal($"/api/articles/{article.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal($"All fields {token}", article.Title);
        Assert.Equal(slug, article.Slug);
        Assert.Equal("A short summary.", article.Summary);
        Assert.Equal("# Heading\n\nBody text.", article.Body);
        Assert.Equal("https://images.example.com/cover.png", article.FeatureImageUrl);
        Assert.Equal("published", article.Status);
        Assert.Equal(new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc), article.PublishedAt);
        Assert.Equal([$"First {token}", $"Second {token}"], article.Tags.Select(t => t.Name));
        Assert.Equal([related.Id], article.Related.Select(r => r.Id));
        Assert.InRange(article.CreatedAt, before.AddSeconds(-1), after.AddSeconds(1));
        Assert.Equal(article.CreatedAt, article.UpdatedAt);
        Assert.False(string.IsNullOrEmpty(article.Version));

        var stored = await GetArticleAsync(article.Id);
        Assert.Equal(article, stored with { Tags = article.Tags, Related = article.Related });
        Assert.Equal(article.Tags, stored.Tags);
        Assert.Equal(article.Related.Select(r => r.Id), stored.Related.Select(r => r.Id));
    }

    [Fact]
    public async Task Create_WithOnlyTitleAndBody_IsADraftWithoutPublishedAt()
    {
        var article = await CreateArticleAsync(NewRequest());

        Assert.Equal("draft", article.Status);
        Assert.Null(article.PublishedAt);
        Assert.Null(article.Summary);
        Assert.Null(article.FeatureImageUrl);
        Assert.Empty(article.Tags);
        Assert.Empty(article.Related);
    }

    [Fact]
    public async Task Create_WithTitleSurroundedBySpaces_StoresItTrimmed()
    {
        var token = Unique();

        var article = await CreateArticleAsync(NewRequest($"   Trimmed {token}  "));

        Assert.Equal($"Trimmed {token}", article.Title);
        Assert.Equal($"trimmed-{token}", article.Slug);
    }

    [Fact]
    public async Task Create_WithClientTimestamps_IgnoresThemAndSetsServerTimes()
    {
        var request = NewRequest();
        request["createdAt"] = "2001-01-01T00:00:00Z";
        request["updatedAt"] = "2001-01-01T00:00:00Z";
        var before = Factory.Clock.GetUtcNow().UtcDateTime;

        var article = await CreateArticleAsync(request);

        var after = Factory.Clock.GetUtcNow().UtcDateTime;
        Assert.InRange(article.CreatedAt, before, after);
        Assert.Equal(article.CreatedAt, article.UpdatedAt);
    }

    [Fact]
    public async Task Create_WithoutSlug_GeneratesSlugTransliteratingAccents()
    {
        var token = Unique();

        var article = await CreateArticleAsync(NewRequest($"Café déjà vu {token}"));

        Assert.Equal($"cafe-deja-vu-{token}", article.Slug);
    }

    [Fact]
    public async Task Create_WithGeneratedSlugTaken_AppendsNumberSuffixes()
    {
        var title = $"Same title {Unique()}";

        var first = await CreateArticleAsync(NewRequest(title));
        var second = await CreateArticleAsync(NewRequest(title));
        var third = await CreateArticleAsync(NewRequest(title));

        Assert.Equal(first.Slug + "-2", second.Slug);
        Assert.Equal(first.Slug + "-3", third.Slug);
    }

    [Fact]
    public async Task Create_WithGeneratedSlugTakenByExplicitSlug_AppendsNumberSuffix()
    {
        var token = Unique();
        await CreateArticleAsync(new { title = "Anything", slug = $"taken-{token}", body = Body });

        var article = await CreateArticleAsync(NewRequest($"Taken {token}"));

        Assert.Equal($"taken-{token}-2", article.Slug);
    }

    [Fact]
    public async Task Create_WithLongTitleThreeTimes_KeepsSuffixedSlugsUnique_AndWithin200Characters()
    {
        // 200 characters of one word: the generated slug is the whole title, so suffixes must shorten it.
        var title = Unique() + new string('a', 189);

        var first = await CreateArticleAsync(NewRequest(title));
        var second = await CreateArticleAsync(NewRequest(title));
        var third = await CreateArticleAsync(NewRequest(title));

        Assert.Equal(title, first.Slug);
        Assert.Equal(title[..198] + "-2", second.Slug);
        Assert.Equal(title[..198] + "-3", third.Slug);
    }

    [Fact]
    public async Task Create_WithTakenSlug_Returns409()
    {
        var existing = await CreatePublishedArticleAsync();

        var response = await Client.PostAsJsonAsync("/api/articles", new { title = Unique("Other "), slug = existing.Slug, body = Body }, Ct);

        await ReadProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Create_SameExplicitSlugConcurrently_ReturnsOne201AndOnly409sOtherwise()
    {
        var slug = Unique("race-");
        var client = Client;

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            client.PostAsJsonAsync("/api/articles", new { title = $"Race {i} {slug}", slug, body = Body, status = "published" }, Ct)));

        var codes = responses.Select(r => r.StatusCode).ToArray();
        Assert.True(
            codes.Count(c => c == HttpStatusCode.Created) == 1 && codes.Count(c => c == HttpStatusCode.Conflict) == 7,
            "Expected one 201 and seven 409, got " + string.Join(", ", codes.Select(c => (int)c)));
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            await ReadProblemAsync(conflict, HttpStatusCode.Conflict);
        }

        var winner = await responses.Single(r => r.StatusCode == HttpStatusCode.Created).Content.ReadFromJsonAsync<ArticleResponse>(Ct);
        var bySlug = await Client.GetFromJsonAsync<ArticleResponse>($"/api/articles/slug/{slug}", Ct);
        Assert.Equal(winner?.Id, bySlug?.Id);
    }

    [Fact]
    public async Task Create_PublishedWithoutPublishedAt_SetsPublishedAtToNow()
    {
        var before = Factory.Clock.GetUtcNow().UtcDateTime;

        var article = await CreatePublishedArticleAsync();

        var after = Factory.Clock.GetUtcNow().UtcDateTime;
        Assert.NotNull(article.PublishedAt);
        Assert.Equal(DateTimeKind.Utc, article.PublishedAt.Value.Kind);
        Assert.InRange(article.PublishedAt.Value, before.AddSeconds(-1), after.AddSeconds(1));
    }

    [Fact]
    public async Task Create_WithPublishedAtInAnotherOffset_ReturnsItInUtc()
    {
        var request = NewRequest();
        request["status"] = "published";
        request["publishedAt"] = "2024-05-01T12:00:00+02:00";

        var response = await Client.PostAsJsonAsync("/api/articles", request, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("2024-05-01T10:00:00Z", json.GetProperty("publishedAt").GetString());
        var stored = await GetArticleJsonAsync(json.GetProperty("id").GetInt32());
        Assert.Equal("2024-05-01T10:00:00Z", stored.GetProperty("publishedAt").GetString());
    }
}
