using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Slugs;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests;

public sealed class ArticlesOnSqlite(SqliteApiFactory factory) : ArticlesTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ArticlesOnSqlServer(SqlServerApiFactory factory) : ArticlesTests<SqlServerApiFactory>(factory);

public abstract class ArticlesTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    private const string Body = "Some **Markdown** body.";

    private static readonly string[] SummaryFields =
        ["excerpt", "featureImageUrl", "id", "publishedAt", "readingTimeMinutes", "slug", "status", "summary", "tags", "title", "updatedAt", "wordCount"];

    // Default formats: markdown (body) and html (bodyHtml).
    private static readonly string[] ArticleFields =
        [.. SummaryFields, "body", "bodyHtml", "createdAt", "related", "version"];

    private static readonly string[] TagRefFields = ["id", "name", "slug"];

    // ---------- POST /api/articles ----------

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

    [Theory]
    [InlineData("title", null)]
    [InlineData("title", "")]
    [InlineData("title", "   ")]
    [InlineData("body", null)]
    [InlineData("body", "")]
    [InlineData("body", "  \n ")]
    [InlineData("slug", "")]
    [InlineData("slug", "Upper-Case")]
    [InlineData("slug", "two--hyphens")]
    [InlineData("slug", "-leading-hyphen")]
    [InlineData("slug", "trailing-hyphen-")]
    [InlineData("slug", "under_score")]
    [InlineData("slug", "with space")]
    [InlineData("slug", "café")]
    [InlineData("featureImageUrl", "ftp://example.com/image.png")]
    [InlineData("featureImageUrl", "/images/image.png")]
    [InlineData("featureImageUrl", "images/image.png")]
    [InlineData("featureImageUrl", "not a url")]
    [InlineData("status", "archived")]
    [InlineData("status", "Published")]
    [InlineData("status", "")]
    public async Task Create_WithInvalidField_Returns400NamingIt(string field, string? value)
    {
        var request = NewRequest();
        request[field] = value;

        var response = await Client.PostAsJsonAsync("/api/articles", request, Ct);

        await AssertValidationErrorsAsync(response, field);
    }

    [Theory]
    [InlineData("title")]
    [InlineData("body")]
    public async Task Create_WithoutRequiredField_Returns400NamingIt(string field)
    {
        var request = NewRequest();
        request.Remove(field);

        var response = await Client.PostAsJsonAsync("/api/articles", request, Ct);

        await AssertValidationErrorsAsync(response, field);
    }

    [Theory]
    [InlineData("title", 201)]
    [InlineData("slug", 201)]
    [InlineData("summary", 501)]
    [InlineData("body", 500_001)]
    [InlineData("featureImageUrl", 2_001)]
    public async Task Create_WithFieldOverItsMaximumLength_Returns400NamingIt(string field, int length)
    {
        var request = NewRequest();
        request[field] = TextOfLength(field, length);

        var response = await Client.PostAsJsonAsync("/api/articles", request, Ct);

        await AssertValidationErrorsAsync(response, field);
    }

    [Theory]
    [InlineData("title", 200)]
    [InlineData("slug", 200)]
    [InlineData("summary", 500)]
    [InlineData("body", 500_000)]
    [InlineData("featureImageUrl", 2_000)]
    public async Task Create_WithFieldAtItsMaximumLength_Returns201AndStoresIt(string field, int length)
    {
        var value = TextOfLength(field, length);
        var request = NewRequest();
        request["status"] = "published";
        request[field] = value;

        var created = await CreateArticleAsync(request);

        var json = await GetArticleJsonAsync(created.Id);
        Assert.Equal(value, json.GetProperty(field).GetString());
    }

    [Fact]
    public async Task Create_WithTitleOf200CharactersAfterTrimming_Returns201()
    {
        var title = Unique() + new string('b', 189);

        var article = await CreateArticleAsync(NewRequest("  " + title + "  "));

        Assert.Equal(title, article.Title);
    }

    [Theory]
    [InlineData("http://example.com/cover.png")]
    [InlineData("https://cdn.example.com/images/cover.webp?size=large")]
    public async Task Create_WithHttpOrHttpsFeatureImageUrl_Returns201(string url)
    {
        var request = NewRequest();
        request["featureImageUrl"] = url;

        var article = await CreateArticleAsync(request);

        Assert.Equal(url, article.FeatureImageUrl);
    }

    [Fact]
    public async Task Create_WithManyInvalidFields_Returns400NamingEveryFieldInCamelCase()
    {
        var response = await Client.PostAsJsonAsync("/api/articles", new
        {
            title = " ",
            slug = "Not A Slug",
            summary = new string('s', 501),
            featureImageUrl = "ftp://example.com/cover.png",
            status = "archived",
        }, Ct);

        await AssertValidationErrorsAsync(response, "body", "featureImageUrl", "slug", "status", "summary", "title");
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

    [Fact]
    public async Task Create_WithTags_KeepsTheirOrder_FirstIsPrimary()
    {
        var token = Unique();
        string[] names = [$"Zeta {token}", $"Alpha {token}", $"Mu {token}"];

        var article = await CreatePublishedArticleAsync($"Tagged {token}", tags: names);

        Assert.Equal(names, article.Tags.Select(t => t.Name));
        var stored = await GetArticleAsync(article.Id);
        Assert.Equal(names, stored.Tags.Select(t => t.Name));
        var listed = Assert.Single((await ListAsync($"q={token}")).Items);
        Assert.Equal(names, listed.Tags.Select(t => t.Name));
    }

    [Fact]
    public async Task Create_WithTagNamesMatchingExistingTagsCaseInsensitivelyByNameOrSlug_ReusesThem()
    {
        var byName = await CreateTagAsync(Unique("Machine Learning "));
        var bySlug = await CreateTagAsync(Unique("Open Source "));

        var article = await CreatePublishedArticleAsync(tags: [byName.Name.ToUpperInvariant(), bySlug.Slug.ToUpperInvariant()]);

        Assert.Equal([byName.Id, bySlug.Id], article.Tags.Select(t => t.Id));
        Assert.Equal([byName.Name, bySlug.Name], article.Tags.Select(t => t.Name));
        Assert.Equal([byName.Slug, bySlug.Slug], article.Tags.Select(t => t.Slug));
    }

    [Fact]
    public async Task Create_WithUnknownTagName_CreatesTheTag()
    {
        var name = Unique("Brand New ");

        var article = await CreatePublishedArticleAsync(tags: [name]);

        var tagRef = Assert.Single(article.Tags);
        Assert.Equal(name, tagRef.Name);
        var tag = await Client.GetFromJsonAsync<TagResponse>($"/api/tags/slug/{tagRef.Slug}", Ct);
        Assert.NotNull(tag);
        Assert.Equal(tagRef.Id, tag.Id);
        Assert.Equal(name, tag.Name);
        Assert.Equal(1, tag.ArticleCount);
    }

    [Fact]
    public async Task Create_WithSameTagNameTwiceInOtherCase_AssignsAndCreatesItOnce()
    {
        var name = Unique("Twice ");

        var article = await CreatePublishedArticleAsync(tags: [name, name.ToUpperInvariant(), "  " + name + "  "]);

        var tagRef = Assert.Single(article.Tags);
        Assert.Equal(name, tagRef.Name);
        var tags = await Client.GetFromJsonAsync<PagedResponse<TagResponse>>($"/api/tags?q={Uri.EscapeDataString(name)}", Ct);
        Assert.NotNull(tags);
        Assert.Equal(tagRef.Id, Assert.Single(tags.Items).Id);
    }

    [Fact]
    public async Task Create_WithRelatedArticleIds_ReturnsRelatedSummariesInLinkOrder()
    {
        var a = await CreatePublishedArticleAsync();
        var b = await CreatePublishedArticleAsync();
        var c = await CreatePublishedArticleAsync();

        var article = await CreatePublishedArticleAsync(related: [c.Id, a.Id, b.Id]);

        Assert.Equal([c.Id, a.Id, b.Id], article.Related.Select(r => r.Id));
        Assert.Equal([c.Title, a.Title, b.Title], article.Related.Select(r => r.Title));
        var json = await GetArticleJsonAsync(article.Id);
        var related = json.GetProperty("related").EnumerateArray().ToArray();
        Assert.Equal([c.Id, a.Id, b.Id], related.Select(r => r.GetProperty("id").GetInt32()));
        Assert.All(related, r => Assert.Equal(SummaryFields, PropertyNames(r)));
    }

    [Fact]
    public async Task Create_WithUnknownRelatedArticleIds_Returns400NamingEveryUnknownId()
    {
        var token = Unique();
        var known = await CreatePublishedArticleAsync();
        var unknown1 = await UnknownArticleIdAsync();
        var unknown2 = await UnknownArticleIdAsync();
        var request = NewRequest($"Unknown related {token}");
        request["status"] = "published";
        request["relatedArticleIds"] = new[] { known.Id, unknown1, unknown2 };

        var response = await Client.PostAsJsonAsync("/api/articles", request, Ct);

        var problem = await AssertValidationErrorsAsync(response, "relatedArticleIds");
        var message = string.Join(" ", problem.GetProperty("errors").GetProperty("relatedArticleIds").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains(unknown1.ToString(CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
        Assert.Contains(unknown2.ToString(CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
        Assert.Empty((await ListAsync($"q={token}&status=all")).Items);
    }

    [Fact]
    public async Task Create_WithDuplicateRelatedArticleId_Returns400()
    {
        var other = await CreatePublishedArticleAsync();
        var request = NewRequest();
        request["relatedArticleIds"] = new[] { other.Id, other.Id };

        var response = await Client.PostAsJsonAsync("/api/articles", request, Ct);

        await AssertValidationErrorsAsync(response, "relatedArticleIds");
    }

    // ---------- GET /api/articles/{id} and /slug/{slug} ----------

    [Fact]
    public async Task GetById_ReturnsFullArticleWithBodyCreatedAtVersionAndRelated()
    {
        var tagName = Unique("Shape ");
        var other = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync(tags: [tagName], related: [other.Id]);

        var json = await GetArticleJsonAsync(article.Id);

        Assert.Equal(ArticleFields.Order(StringComparer.Ordinal), PropertyNames(json));
        Assert.Equal(Body, json.GetProperty("body").GetString());
        Assert.Equal(article.Version, json.GetProperty("version").GetString());
        Assert.Equal(TagRefFields, PropertyNames(json.GetProperty("tags")[0]));
        Assert.Equal(other.Id, json.GetProperty("related")[0].GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task GetById_UnknownArticle_Returns404Problem()
    {
        var id = await UnknownArticleIdAsync();

        var response = await Client.GetAsync($"/api/articles/{id}", Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetBySlug_ReturnsFullArticle()
    {
        var article = await CreatePublishedArticleAsync();

        var response = await Client.GetAsync($"/api/articles/slug/{article.Slug}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var found = await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct);
        Assert.NotNull(found);
        Assert.Equal(article.Id, found.Id);
        Assert.Equal(article.Title, found.Title);
        Assert.Equal(Body, found.Body);
    }

    [Fact]
    public async Task GetBySlug_UnknownSlug_Returns404Problem()
    {
        var response = await Client.GetAsync($"/api/articles/slug/{Unique("missing-")}", Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
    }

    // ---------- GET /api/articles ----------

    [Fact]
    public async Task List_ReturnsPagedSummariesWithoutBody()
    {
        var token = Unique();
        var request = NewRequest($"Listed {token}");
        request["status"] = "published";
        request["summary"] = "Summary";
        request["featureImageUrl"] = "https://example.com/a.png";
        request["tags"] = new[] { Unique("Listed tag ") };
        var article = await CreateArticleAsync(request);

        var response = await Client.GetAsync($"/api/articles?q={token}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(1, page.GetProperty("totalItems").GetInt32());
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(SummaryFields, PropertyNames(item));
        Assert.Equal(TagRefFields, PropertyNames(item.GetProperty("tags")[0]));
        Assert.Equal(article.Id, item.GetProperty("id").GetInt32());
        Assert.Equal("Summary", item.GetProperty("summary").GetString());
        Assert.Equal("https://example.com/a.png", item.GetProperty("featureImageUrl").GetString());
    }

    [Fact]
    public async Task List_WithoutStatus_ReturnsOnlyPublishedArticles()
    {
        var token = Unique();
        var published = await CreatePublishedArticleAsync($"Published {token}");
        await CreateArticleAsync(NewRequest($"Draft {token}"));

        var page = await ListAsync($"q={token}");

        Assert.Equal([published.Id], page.Items.Select(a => a.Id));
        Assert.Equal(1, page.TotalItems);
    }

    [Fact]
    public async Task List_WithStatusPublished_ReturnsOnlyPublishedArticles()
    {
        var token = Unique();
        var published = await CreatePublishedArticleAsync($"Published {token}");
        await CreateArticleAsync(NewRequest($"Draft {token}"));

        var page = await ListAsync($"q={token}&status=published");

        Assert.Equal([published.Id], page.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task List_WithStatusDraft_ReturnsOnlyDrafts()
    {
        var token = Unique();
        await CreatePublishedArticleAsync($"Published {token}");
        var draft = await CreateArticleAsync(NewRequest($"Draft {token}"));

        var page = await ListAsync($"q={token}&status=draft");

        var item = Assert.Single(page.Items);
        Assert.Equal(draft.Id, item.Id);
        Assert.Equal("draft", item.Status);
    }

    [Fact]
    public async Task List_WithStatusAll_ReturnsDraftsAndPublished()
    {
        var token = Unique();
        var published = await CreatePublishedArticleAsync($"Published {token}");
        var draft = await CreateArticleAsync(NewRequest($"Draft {token}"));

        var page = await ListAsync($"q={token}&status=all");

        Assert.Equal(new[] { draft.Id, published.Id }.Order(), page.Items.Select(a => a.Id).Order());
    }

    [Theory]
    [InlineData("archived")]
    [InlineData("PUBLISHED")]
    [InlineData("drafts")]
    public async Task List_WithUnknownStatus_Returns400(string status)
    {
        var response = await Client.GetAsync($"/api/articles?status={status}", Ct);

        await AssertValidationErrorsAsync(response, "status");
    }

    [Fact]
    public async Task List_WithTag_ReturnsOnlyArticlesWithThatTag()
    {
        var token = Unique();
        var tagName = $"Filter {token}";
        var tagged = await CreatePublishedArticleAsync($"Tagged {token}", tags: ["Other " + token, tagName]);
        await CreatePublishedArticleAsync($"Untagged {token}", tags: ["Other " + token]);
        var draftRequest = NewRequest($"Tagged draft {token}");
        draftRequest["tags"] = new[] { tagName };
        var draft = await CreateArticleAsync(draftRequest);
        var slug = tagged.Tags.Single(t => t.Name == tagName).Slug;

        var published = await ListAsync($"tag={slug}");
        var all = await ListAsync($"tag={slug}&status=all");

        Assert.Equal([tagged.Id], published.Items.Select(a => a.Id));
        Assert.Equal(new[] { tagged.Id, draft.Id }.Order(), all.Items.Select(a => a.Id).Order());
    }

    [Fact]
    public async Task List_WithUnknownTag_ReturnsEmptyPage()
    {
        var page = await ListAsync($"tag={Unique("no-such-tag-")}");

        Assert.Empty(page.Items);
        Assert.Equal(0, page.TotalItems);
    }

    [Fact]
    public async Task List_WithQ_ReturnsArticlesWhoseTitleOrSummaryContainsItInAnyCase()
    {
        var token = Unique();
        var upper = await CreatePublishedArticleAsync($"Loud {token.ToUpperInvariant()} title");
        var lower = await CreatePublishedArticleAsync($"Quiet{token}title");
        var summaryOnly = NewRequest($"Elsewhere {Unique()}");
        summaryOnly["status"] = "published";
        summaryOnly["summary"] = token;
        var inSummary = await CreateArticleAsync(summaryOnly);
        var bodyOnly = NewRequest($"Body {Unique()}");
        bodyOnly["status"] = "published";
        bodyOnly["body"] = token;
        await CreateArticleAsync(bodyOnly);

        var page = await ListAsync($"q={token}");

        // The body is not searched.
        Assert.Equal(new[] { upper.Id, lower.Id, inSummary.Id }.Order(), page.Items.Select(a => a.Id).Order());
    }

    [Fact]
    public async Task List_WithQDifferingInCaseOfAccentedLetters_FindsTheArticle()
    {
        var token = Unique();
        var article = await CreatePublishedArticleAsync($"Été à Paris {token}");

        var page = await ListAsync($"q={Uri.EscapeDataString("ÉTÉ À PARIS " + token)}");

        Assert.Equal([article.Id], page.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task List_OrdersByPublishedAtNewestFirstThenIdDescending()
    {
        var token = Unique();
        var oldest = await CreatePublishedAtAsync($"Oldest {token}", "2021-01-01T00:00:00Z");
        var newestFirstCreated = await CreatePublishedAtAsync($"Newest A {token}", "2023-01-01T00:00:00Z");
        var middle = await CreatePublishedAtAsync($"Middle {token}", "2022-01-01T00:00:00Z");
        var newestLastCreated = await CreatePublishedAtAsync($"Newest B {token}", "2023-01-01T00:00:00Z");

        var page = await ListAsync($"q={token}");

        Assert.Equal([newestLastCreated.Id, newestFirstCreated.Id, middle.Id, oldest.Id], page.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task List_Drafts_OrderByUpdatedAtNewestFirst()
    {
        var token = Unique();
        var first = await CreateArticleAsync(NewRequest($"First draft {token}"));
        var second = await CreateArticleAsync(NewRequest($"Second draft {token}"));

        var before = await ListAsync($"q={token}&status=draft");
        await PutAsync(first.Id, new { title = first.Title, body = "Edited" });
        var after = await ListAsync($"q={token}&status=draft");

        Assert.Equal([second.Id, first.Id], before.Items.Select(a => a.Id));
        Assert.Equal([first.Id, second.Id], after.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task List_WithPageSize_SplitsResultsIntoPages()
    {
        var token = Unique();
        var a = await CreatePublishedAtAsync($"Page A {token}", "2020-01-03T00:00:00Z");
        var b = await CreatePublishedAtAsync($"Page B {token}", "2020-01-02T00:00:00Z");
        var c = await CreatePublishedAtAsync($"Page C {token}", "2020-01-01T00:00:00Z");

        var first = await ListAsync($"q={token}&pageSize=2");
        var second = await ListAsync($"q={token}&pageSize=2&page=2");

        Assert.Equal([a.Id, b.Id], first.Items.Select(x => x.Id));
        Assert.Equal([c.Id], second.Items.Select(x => x.Id));
        Assert.Equal((1, 2, 3, 2), (first.Page, first.PageSize, first.TotalItems, first.TotalPages));
        Assert.Equal((2, 2, 3, 2), (second.Page, second.PageSize, second.TotalItems, second.TotalPages));
    }

    // ---------- PUT /api/articles/{id} ----------

    [Fact]
    public async Task Update_ReplacesEveryField_Returns200()
    {
        var token = Unique();
        var relatedBefore = await CreatePublishedArticleAsync();
        var relatedAfter = await CreatePublishedArticleAsync();
        var created = await CreateArticleAsync(new
        {
            title = $"Before {token}",
            summary = "Old summary",
            body = "Old body",
            featureImageUrl = "https://example.com/old.png",
            status = "published",
            tags = new[] { $"Old tag {token}" },
            relatedArticleIds = new[] { relatedBefore.Id },
        });

        var response = await Client.PutAsJsonAsync($"/api/articles/{created.Id}", new
        {
            title = $"After {token}",
            slug = $"after-{token}",
            body = "New body",
            status = "published",
            tags = new[] { $"New tag {token}" },
            relatedArticleIds = new[] { relatedAfter.Id },
        }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct);
        Assert.NotNull(updated);
        Assert.Equal(created.Id, updated.Id);
        Assert.Equal($"After {token}", updated.Title);
        Assert.Equal($"after-{token}", updated.Slug);
        Assert.Equal("New body", updated.Body);
        Assert.Null(updated.Summary);
        Assert.Null(updated.FeatureImageUrl);
        Assert.Equal([$"New tag {token}"], updated.Tags.Select(t => t.Name));
        Assert.Equal([relatedAfter.Id], updated.Related.Select(r => r.Id));
        Assert.Equal(created.CreatedAt, updated.CreatedAt);
        Assert.True(updated.UpdatedAt > created.UpdatedAt, $"updatedAt {updated.UpdatedAt:O} is not after {created.UpdatedAt:O}");

        var stored = await GetArticleAsync(created.Id);
        Assert.Equal("New body", stored.Body);
        Assert.Equal(updated.Version, stored.Version);
    }

    [Fact]
    public async Task Update_WithoutSlug_KeepsCurrentSlug()
    {
        var created = await CreateArticleAsync(new { title = Unique("Original "), slug = Unique("kept-"), body = Body });

        var updated = await PutAsync(created.Id, new { title = Unique("Renamed "), body = Body });

        Assert.Equal(created.Slug, updated.Slug);
        Assert.NotEqual(created.Title, updated.Title);
    }

    [Fact]
    public async Task Update_WithNewSlug_MovesTheArticleToIt()
    {
        var created = await CreatePublishedArticleAsync();
        var slug = Unique("moved-");

        await PutAsync(created.Id, new { title = created.Title, slug, body = Body, status = "published" });

        var moved = await Client.GetFromJsonAsync<ArticleResponse>($"/api/articles/slug/{slug}", Ct);
        Assert.Equal(created.Id, moved?.Id);
        // The old slug keeps working: it redirects to the current one.
        var viaOldSlug = await Client.GetAsync($"/api/articles/slug/{created.Slug}", Ct);
        Assert.Equal(HttpStatusCode.OK, viaOldSlug.StatusCode);
        Assert.EndsWith($"/api/articles/slug/{slug}", viaOldSlug.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_WithItsOwnSlug_Returns200()
    {
        var created = await CreatePublishedArticleAsync();

        var updated = await PutAsync(created.Id, new { title = created.Title, slug = created.Slug, body = "Changed", status = "published" });

        Assert.Equal(created.Slug, updated.Slug);
        Assert.Equal("Changed", updated.Body);
    }

    [Fact]
    public async Task Update_WithSlugOfAnotherArticle_Returns409AndChangesNothing()
    {
        var other = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync();

        var response = await Client.PutAsJsonAsync(
            $"/api/articles/{article.Id}", new { title = article.Title, slug = other.Slug, body = "Changed", status = "published" }, Ct);

        await ReadProblemAsync(response, HttpStatusCode.Conflict);
        var stored = await GetArticleAsync(article.Id);
        Assert.Equal(article.Slug, stored.Slug);
        Assert.Equal(Body, stored.Body);
    }

    [Fact]
    public async Task Update_WithInvalidFields_Returns400NamingThemAndChangesNothing()
    {
        var article = await CreatePublishedArticleAsync();

        var response = await Client.PutAsJsonAsync($"/api/articles/{article.Id}", new
        {
            title = "",
            body = "Changed",
            featureImageUrl = "ftp://example.com/a.png",
            status = "public",
        }, Ct);

        await AssertValidationErrorsAsync(response, "featureImageUrl", "status", "title");
        var stored = await GetArticleAsync(article.Id);
        Assert.Equal(article.Title, stored.Title);
        Assert.Equal(article.Version, stored.Version);
    }

    [Fact]
    public async Task Update_UnknownArticle_Returns404Problem()
    {
        var id = await UnknownArticleIdAsync();

        var response = await Client.PutAsJsonAsync($"/api/articles/{id}", NewRequest(), Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_WithItselfInRelatedArticleIds_Returns400()
    {
        var other = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync();

        var response = await Client.PutAsJsonAsync(
            $"/api/articles/{article.Id}", new { title = article.Title, body = Body, relatedArticleIds = new[] { other.Id, article.Id } }, Ct);

        await AssertValidationErrorsAsync(response, "relatedArticleIds");
        Assert.Empty((await GetArticleAsync(article.Id)).Related);
    }

    [Fact]
    public async Task Update_WithUnknownRelatedArticleId_Returns400NamingIt()
    {
        var article = await CreatePublishedArticleAsync();
        var unknown = await UnknownArticleIdAsync();

        var response = await Client.PutAsJsonAsync(
            $"/api/articles/{article.Id}", new { title = article.Title, body = Body, relatedArticleIds = new[] { unknown } }, Ct);

        var problem = await AssertValidationErrorsAsync(response, "relatedArticleIds");
        Assert.Contains(
            unknown.ToString(CultureInfo.InvariantCulture),
            problem.GetProperty("errors").GetProperty("relatedArticleIds")[0].GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_WithTagsInNewOrder_ReordersThem_FirstIsPrimary()
    {
        var token = Unique();
        string[] names = [$"One {token}", $"Two {token}", $"Three {token}"];
        var article = await CreatePublishedArticleAsync(tags: names);

        var updated = await PutAsync(article.Id, new { title = article.Title, body = Body, status = "published", tags = new[] { names[2], names[0] } });

        Assert.Equal([names[2], names[0]], updated.Tags.Select(t => t.Name));
        Assert.Equal(
            [article.Tags[2].Id, article.Tags[0].Id],
            (await GetArticleAsync(article.Id)).Tags.Select(t => t.Id));
    }

    [Fact]
    public async Task Update_WithRelatedInNewOrder_ReordersThem()
    {
        var a = await CreatePublishedArticleAsync();
        var b = await CreatePublishedArticleAsync();
        var c = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync(related: [a.Id, b.Id]);

        var updated = await PutAsync(article.Id, new { title = article.Title, body = Body, status = "published", relatedArticleIds = new[] { c.Id, b.Id, a.Id } });

        Assert.Equal([c.Id, b.Id, a.Id], updated.Related.Select(r => r.Id));
        Assert.Equal([c.Id, b.Id, a.Id], (await GetArticleAsync(article.Id)).Related.Select(r => r.Id));
    }

    [Fact]
    public async Task Update_ChangesVersionEachTime()
    {
        var article = await CreatePublishedArticleAsync();

        var first = await PutAsync(article.Id, new { title = article.Title, body = "First edit", status = "published" });
        var second = await PutAsync(article.Id, new { title = article.Title, body = "First edit", status = "published" });

        Assert.False(string.IsNullOrEmpty(article.Version));
        Assert.NotEqual(article.Version, first.Version);
        Assert.NotEqual(first.Version, second.Version);
    }

    [Fact]
    public async Task Update_PublishingADraftWithoutPublishedAt_SetsPublishedAtToNow()
    {
        var draft = await CreateArticleAsync(NewRequest());
        var before = Factory.Clock.GetUtcNow().UtcDateTime;

        var published = await PutAsync(draft.Id, new { title = draft.Title, body = Body, status = "published" });

        var after = Factory.Clock.GetUtcNow().UtcDateTime;
        Assert.Null(draft.PublishedAt);
        Assert.Equal("published", published.Status);
        Assert.NotNull(published.PublishedAt);
        Assert.InRange(published.PublishedAt.Value, before.AddSeconds(-1), after.AddSeconds(1));
    }

    [Fact]
    public async Task Update_UnpublishedAndRepublishedWithoutPublishedAt_KeepsPublishedAt()
    {
        var created = await CreatePublishedAtAsync(Unique("Lifecycle "), "2024-05-01T10:00:00Z");

        var unpublished = await PutAsync(created.Id, new { title = created.Title, body = Body, status = "draft" });
        var republished = await PutAsync(created.Id, new { title = created.Title, body = Body, status = "published" });

        var expected = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc);
        Assert.Equal("draft", unpublished.Status);
        Assert.Equal(expected, unpublished.PublishedAt);
        Assert.Equal("published", republished.Status);
        Assert.Equal(expected, republished.PublishedAt);
    }

    [Fact]
    public async Task Update_RepublishedWithNewPublishedAt_UsesTheNewOne()
    {
        var created = await CreatePublishedAtAsync(Unique("Lifecycle "), "2024-05-01T10:00:00Z");
        await PutAsync(created.Id, new { title = created.Title, body = Body, status = "draft" });

        var republished = await PutAsync(created.Id, new { title = created.Title, body = Body, status = "published", publishedAt = "2025-02-03T04:05:06Z" });

        Assert.Equal(new DateTime(2025, 2, 3, 4, 5, 6, DateTimeKind.Utc), republished.PublishedAt);
        Assert.Equal(republished.PublishedAt, (await GetArticleAsync(created.Id)).PublishedAt);
    }

    // ---------- DELETE /api/articles/{id} ----------

    [Fact]
    public async Task Delete_ExistingArticle_Returns204AndItIsGone()
    {
        var article = await CreatePublishedArticleAsync();

        var response = await Client.DeleteAsync($"/api/articles/{article.Id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await ReadProblemAsync(await Client.GetAsync($"/api/articles/{article.Id}", Ct), HttpStatusCode.NotFound);
        await ReadProblemAsync(await Client.GetAsync($"/api/articles/slug/{article.Slug}", Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_RemovesItsTagsAndLinksFromAndToIt_ButKeepsOtherArticlesAndTags()
    {
        var tagName = Unique("Shared ");
        var other = await CreatePublishedArticleAsync(tags: [tagName]);
        var doomed = await CreatePublishedArticleAsync(tags: [tagName], related: [other.Id]);
        var pointing = await CreatePublishedArticleAsync(related: [doomed.Id, other.Id]);
        await PutAsync(other.Id, new { title = other.Title, body = Body, status = "published", tags = new[] { tagName }, relatedArticleIds = new[] { doomed.Id } });
        var tag = doomed.Tags.Single();

        var response = await Client.DeleteAsync($"/api/articles/{doomed.Id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var otherAfter = await GetArticleAsync(other.Id);
        Assert.Empty(otherAfter.Related);
        Assert.Equal([tag.Id], otherAfter.Tags.Select(t => t.Id));
        Assert.Equal([other.Id], (await GetArticleAsync(pointing.Id)).Related.Select(r => r.Id));
        var storedTag = await Client.GetFromJsonAsync<TagResponse>($"/api/tags/{tag.Id}", Ct);
        Assert.NotNull(storedTag);
        Assert.Equal(1, storedTag.ArticleCount);
        Assert.Equal([other.Id], (await ListAsync($"tag={tag.Slug}&status=all")).Items.Select(a => a.Id));
    }

    [Fact]
    public async Task Delete_UnknownArticle_Returns404Problem()
    {
        var id = await UnknownArticleIdAsync();

        var response = await Client.DeleteAsync($"/api/articles/{id}", Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
    }

    // ---------- helpers ----------

    /// <summary>A valid create or replace request with a unique title; set or remove keys to vary it.</summary>
    private static Dictionary<string, object?> NewRequest(string? title = null) => new()
    {
        ["title"] = title ?? Unique("Article "),
        ["body"] = Body,
    };

    /// <summary>Unique text of exactly <paramref name="length"/> characters that is valid for <paramref name="field"/> apart from its length.</summary>
    private static string TextOfLength(string field, int length)
    {
        var start = field == "featureImageUrl" ? $"https://example.com/{Unique()}/" : Unique();
        return start + new string('x', length - start.Length);
    }

    private async Task<ArticleResponse> CreatePublishedAtAsync(string title, string publishedAt) =>
        await CreateArticleAsync(new { title, body = Body, status = "published", publishedAt });

    /// <summary>The id of an article that existed and was deleted, so no article has it.</summary>
    private async Task<int> UnknownArticleIdAsync()
    {
        var article = await CreatePublishedArticleAsync();
        var response = await Client.DeleteAsync($"/api/articles/{article.Id}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return article.Id;
    }

    private async Task<ArticleResponse> GetArticleAsync(int id)
    {
        var response = await Client.GetAsync($"/api/articles/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
    }

    private async Task<JsonElement> GetArticleJsonAsync(int id)
    {
        var response = await Client.GetAsync($"/api/articles/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private async Task<ArticleResponse> PutAsync(int id, object request)
    {
        var response = await Client.PutAsJsonAsync($"/api/articles/{id}", request, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
    }

    private async Task<PagedResponse<ArticleSummary>> ListAsync(string query)
    {
        // Drafts and scheduled articles are listed for editors only.
        var client = query.Contains("status=", StringComparison.Ordinal) && !query.Contains("status=published", StringComparison.Ordinal) ? Editor : Client;
        var response = await client.GetAsync("/api/articles?" + query, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<PagedResponse<ArticleSummary>>(Ct))!;
    }

    private static string[] PropertyNames(JsonElement element) =>
        [.. element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
}
