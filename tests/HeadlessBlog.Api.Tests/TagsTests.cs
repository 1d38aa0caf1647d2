using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Slugs;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests;

public sealed class TagsOnSqlite(SqliteApiFactory factory) : TagsTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class TagsOnSqlServer(SqlServerApiFactory factory) : TagsTests<SqlServerApiFactory>(factory);

/// <summary>Theory data of <see cref="TagsTests{TFactory}"/> (static members cannot live on the generic class).</summary>
public static class TagsTestData
{
    /// <summary>Names that the validator must reject (empty, blank, too long, control characters, missing).</summary>
    public static TheoryData<string?> InvalidNames => new()
    {
        "",
        "   ",
        new string('n', 65),
        "bad\u0001name",
        (string?)null,
    };

    /// <summary>Slugs that the validator must reject.</summary>
    public static TheoryData<string> InvalidSlugs => new()
    {
        "Bad Slug",
        "",
        "UPPER",
        "-leading",
        "trailing-",
        "double--hyphen",
        "under_score",
        "caf\u00e9",
        new string('s', 201),
    };
}

public abstract class TagsTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    // ---------------------------------------------------------------- GET /api/tags

    [Fact]
    public async Task List_FilteredByQ_ReturnsPagedShapeSortedByNameIgnoringCase()
    {
        var token = Unique();
        await CreateTagAsync($"banana {token}");
        await CreateTagAsync($"Cherry {token}");
        await CreateTagAsync($"apple {token}");
        await CreateTagAsync($"Apricot {token}");

        var response = await Client.GetAsync($"/api/tags?q={token}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
        Assert.Equal(
            ["items", "page", "pageSize", "totalItems", "totalPages"],
            json.Select(p => p.Key).Order(StringComparer.Ordinal).ToArray());
        var page = json.Deserialize<PagedResponse<TagResponse>>(JsonWeb)!;
        Assert.Equal(
            [$"apple {token}", $"Apricot {token}", $"banana {token}", $"Cherry {token}"],
            page.Items.Select(t => t.Name).ToArray());
        Assert.Equal(1, page.Page);
        Assert.Equal(20, page.PageSize);
        Assert.Equal(4, page.TotalItems);
        Assert.Equal(1, page.TotalPages);
    }

    [Fact]
    public async Task List_WithQ_MatchesAnyPartOfTheNameCaseInsensitively()
    {
        var token = Unique();
        var other = Unique();
        var alpha = await CreateTagAsync($"Alpha {token} one");
        var beta = await CreateTagAsync($"beta {token}");
        await CreateTagAsync($"Gamma {other}");

        var all = await ListTagsAsync($"q={token.ToUpperInvariant()}");
        var middle = await ListTagsAsync($"q={Uri.EscapeDataString($"LPHA {token} O")}");

        Assert.Equal([alpha.Id, beta.Id], all.Items.Select(t => t.Id).ToArray());
        Assert.Equal(2, all.TotalItems);
        Assert.Equal([alpha.Id], middle.Items.Select(t => t.Id).ToArray());
        Assert.Equal(1, middle.TotalItems);
    }

    [Fact]
    public async Task List_WithNonAsciiQ_MatchesCaseInsensitively()
    {
        var token = Unique();
        var tag = await CreateTagAsync($"Crème Brûlée {token}");

        var page = await ListTagsAsync($"q={Uri.EscapeDataString($"CRÈME BRÛLÉE {token.ToUpperInvariant()}")}");

        Assert.Equal([tag.Id], page.Items.Select(t => t.Id).ToArray());
    }

    [Fact]
    public async Task List_WithQMatchingNothing_ReturnsEmptyPage()
    {
        var page = await ListTagsAsync($"q={Unique()}");

        Assert.Empty(page.Items);
        Assert.Equal(0, page.TotalItems);
        Assert.Equal(0, page.TotalPages);
    }

    [Fact]
    public async Task ArticleCount_CountsOnlyPublishedArticles()
    {
        var tag = await CreateTagAsync();
        var other = await CreateTagAsync();
        await CreatePublishedArticleAsync(tags: [tag.Name]);
        await CreateArticleAsync(new { title = Unique("Draft "), body = "Draft body.", status = "draft", tags = new[] { tag.Name, other.Name } });

        var byId = await GetTagAsync(tag.Id);
        var listed = Assert.Single((await ListTagsAsync($"q={Uri.EscapeDataString(tag.Name)}")).Items);
        var otherById = await GetTagAsync(other.Id);

        Assert.Equal(1, byId.ArticleCount);
        Assert.Equal(1, listed.ArticleCount);
        Assert.Equal(0, otherById.ArticleCount);

        await CreatePublishedArticleAsync(tags: [tag.Name.ToUpperInvariant()]);
        Assert.Equal(2, (await GetTagAsync(tag.Id)).ArticleCount);
    }

    // ---------------------------------------------------------------- GET /api/tags/{id}, /api/tags/slug/{slug}

    [Fact]
    public async Task GetById_ReturnsTheTag()
    {
        var created = await CreateTagAsync(description: "Described.");

        var response = await Client.GetAsync($"/api/tags/{created.Id}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tag = (await response.Content.ReadFromJsonAsync<TagResponse>(Ct))!;
        Assert.Equal(created.Id, tag.Id);
        Assert.Equal(created.Name, tag.Name);
        Assert.Equal(created.Slug, tag.Slug);
        Assert.Equal("Described.", tag.Description);
        Assert.Equal(0, tag.ArticleCount);
        Assert.Equal(created.Version, tag.Version);
        Assert.False(string.IsNullOrEmpty(tag.Version));
        Assert.Equal(DateTimeKind.Utc, tag.CreatedAt.Kind);
        Assert.Equal(created.CreatedAt, tag.CreatedAt);
        Assert.Equal(created.UpdatedAt, tag.UpdatedAt);
    }

    [Fact]
    public async Task GetById_Unknown_Returns404Problem()
    {
        var id = await DeletedTagIdAsync();

        var response = await Client.GetAsync($"/api/tags/{id}", Ct);

        var problem = await ReadProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains(id.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBySlug_ReturnsTheTag()
    {
        var created = await CreateTagAsync(slug: Unique("slug-"));

        var response = await Client.GetAsync($"/api/tags/slug/{created.Slug}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tag = (await response.Content.ReadFromJsonAsync<TagResponse>(Ct))!;
        Assert.Equal(created.Id, tag.Id);
        Assert.Equal(created.Name, tag.Name);
    }

    [Fact]
    public async Task GetBySlug_Unknown_Returns404Problem()
    {
        var response = await Client.GetAsync($"/api/tags/slug/{Unique("missing-")}", Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
    }

    // ---------------------------------------------------------------- POST /api/tags

    [Fact]
    public async Task Create_WithoutSlug_Returns201WithGeneratedSlugAndLocation()
    {
        var token = Unique();
        var name = "Café Déjà Vu " + token;

        var response = await Client.PostAsJsonAsync("/api/tags", new { name, description = "Coffee" }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var tag = await response.Content.ReadFromJsonAsync<TagResponse>(Ct);
        Assert.NotNull(tag);
        Assert.Equal(name, tag.Name);
        Assert.Equal("cafe-deja-vu-" + token, tag.Slug);
        Assert.Equal("Coffee", tag.Description);
        Assert.Equal(0, tag.ArticleCount);
        Assert.Equal($"/api/tags/{tag.Id}", response.Headers.Location?.OriginalString);

        var fetched = await Client.GetFromJsonAsync<TagResponse>(response.Headers.Location!, Ct);
        Assert.Equal(tag, fetched);
    }

    [Fact]
    public async Task Create_WithExplicitSlug_UsesIt()
    {
        var slug = Unique("explicit-");

        var tag = await CreateTagAsync(name: Unique("Something Else "), slug: slug);

        Assert.Equal(slug, tag.Slug);
        Assert.Equal(tag.Id, (await GetTagBySlugAsync(slug)).Id);
    }

    [Fact]
    public async Task Create_TrimsNameAndTurnsBlankDescriptionIntoNull()
    {
        var name = Unique("Trimmed ");

        var tag = await CreateTagAsync(name: $"  {name}  ", description: "   ");

        Assert.Equal(name, tag.Name);
        Assert.Null(tag.Description);
    }

    [Fact]
    public async Task Create_WithGeneratedSlugTaken_AppendsNumberSuffix()
    {
        var token = Unique();

        var first = await CreateTagAsync($"Dup {token}");
        var second = await CreateTagAsync($"Dup {token}!");
        var third = await CreateTagAsync($"Dup? {token}");

        Assert.Equal($"dup-{token}", first.Slug);
        Assert.Equal($"dup-{token}-2", second.Slug);
        Assert.Equal($"dup-{token}-3", third.Slug);
    }

    [Fact]
    public async Task Create_WithExplicitSlugTaken_Returns409()
    {
        var existing = await CreateTagAsync(slug: Unique("taken-"));
        var name = Unique("Other ");

        var response = await Client.PostAsJsonAsync("/api/tags", new { name, slug = existing.Slug }, Ct);

        await ReadProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Empty((await ListTagsAsync($"q={Uri.EscapeDataString(name)}")).Items);
    }

    [Fact]
    public async Task Create_WithNameTakenInOtherCase_Returns409()
    {
        var tag = await CreateTagAsync();

        var response = await Client.PostAsJsonAsync("/api/tags", new { name = tag.Name.ToUpperInvariant() }, Ct);

        await ReadProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Create_WithNonAsciiNameTakenInOtherCase_Returns409()
    {
        var tag = await CreateTagAsync($"Ärger Über Ödland {Unique()}");

        var response = await Client.PostAsJsonAsync("/api/tags", new { name = tag.Name.ToLowerInvariant() }, Ct);

        await ReadProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Create_WithNameTakenAfterTrimming_Returns409()
    {
        var tag = await CreateTagAsync();

        var response = await Client.PostAsJsonAsync("/api/tags", new { name = $"  {tag.Name.ToLowerInvariant()}   " }, Ct);

        await ReadProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Create_SameNameConcurrently_CreatesOneTagAndAnswers409ToTheOthers()
    {
        var name = Unique("Race ");
        var requests = Enumerable.Range(0, 8).Select(i =>
            Client.PostAsJsonAsync("/api/tags", new { name = i % 2 == 0 ? name : name.ToUpperInvariant() }, Ct));

        var responses = await Task.WhenAll(requests);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var response in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await ReadProblemAsync(response, HttpStatusCode.Conflict);
        }

        Assert.Equal(1, (await ListTagsAsync($"q={Uri.EscapeDataString(name)}")).TotalItems);
    }

    [Fact]
    public async Task Create_WithEveryFieldInvalid_Returns400NamingEveryField()
    {
        var response = await Client.PostAsJsonAsync(
            "/api/tags", new { name = "", slug = "Bad Slug", description = new string('d', 501) }, Ct);

        await AssertValidationErrorsAsync(response, "name", "slug", "description");
    }

    [Fact]
    public async Task Create_WithTooLongNameAndOtherBadFields_Returns400NamingEveryField()
    {
        var response = await Client.PostAsJsonAsync(
            "/api/tags", new { name = Unique() + new string('n', 60), slug = "Bad Slug", description = new string('d', 501) }, Ct);

        await AssertValidationErrorsAsync(response, "name", "slug", "description");
    }

    [Theory]
    [MemberData(nameof(TagsTestData.InvalidNames), MemberType = typeof(TagsTestData))]
    public async Task Create_WithInvalidName_Returns400NamingName(string? name)
    {
        var response = await Client.PostAsJsonAsync("/api/tags", new { name, slug = Unique("valid-") }, Ct);

        await AssertValidationErrorsAsync(response, "name");
    }

    [Theory]
    [MemberData(nameof(TagsTestData.InvalidSlugs), MemberType = typeof(TagsTestData))]
    public async Task Create_WithInvalidSlug_Returns400NamingSlug(string slug)
    {
        var response = await Client.PostAsJsonAsync("/api/tags", new { name = Unique("Valid "), slug }, Ct);

        await AssertValidationErrorsAsync(response, "slug");
    }

    [Fact]
    public async Task Create_WithTooLongDescription_Returns400NamingDescription()
    {
        var response = await Client.PostAsJsonAsync(
            "/api/tags", new { name = Unique("Valid "), description = new string('d', 501) }, Ct);

        await AssertValidationErrorsAsync(response, "description");
    }

    [Fact]
    public async Task Create_AtMaximumLengths_Returns201()
    {
        var token = Unique();
        var name = token + new string('n', 64 - token.Length);
        var slug = token + "-" + new string('s', 200 - token.Length - 1);
        var description = new string('d', 500);

        var tag = await CreateTagAsync(name, slug, description);

        Assert.Equal(name, tag.Name);
        Assert.Equal(slug, tag.Slug);
        Assert.Equal(description, tag.Description);
    }

    [Fact]
    public async Task Create_WithMaximumNameLengthAfterTrimming_Returns201WithTrimmedName()
    {
        var token = Unique();
        var name = token + new string('n', 64 - token.Length);

        var tag = await CreateTagAsync($"   {name}   ");

        Assert.Equal(name, tag.Name);
    }

    // ---------------------------------------------------------------- PUT /api/tags/{id}

    [Fact]
    public async Task Update_ReplacesEveryField_Returns200()
    {
        var tag = await CreateTagAsync(slug: Unique("before-"), description: "Before.");
        var name = Unique("After ");
        var slug = Unique("after-");

        var response = await Client.PutAsJsonAsync($"/api/tags/{tag.Id}", new { name, slug }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = (await response.Content.ReadFromJsonAsync<TagResponse>(Ct))!;
        Assert.Equal(tag.Id, updated.Id);
        Assert.Equal(name, updated.Name);
        Assert.Equal(slug, updated.Slug);
        Assert.Null(updated.Description);
        Assert.Equal(tag.CreatedAt, updated.CreatedAt);
        Assert.True(updated.UpdatedAt >= tag.UpdatedAt);
        Assert.NotEqual(tag.Version, updated.Version);
        Assert.Equal(updated, await GetTagAsync(tag.Id));
        // The old slug keeps working: it redirects to the tag's current slug.
        var viaOldSlug = await Client.GetAsync($"/api/tags/slug/{tag.Slug}", Ct);
        Assert.Equal(HttpStatusCode.OK, viaOldSlug.StatusCode);
        Assert.EndsWith($"/api/tags/slug/{slug}", viaOldSlug.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_WithoutSlug_KeepsCurrentSlug()
    {
        var tag = await CreateTagAsync(slug: Unique("kept-"));
        var name = Unique("Renamed ");

        var response = await Client.PutAsJsonAsync($"/api/tags/{tag.Id}", new { name, description = "New." }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = (await response.Content.ReadFromJsonAsync<TagResponse>(Ct))!;
        Assert.Equal(tag.Slug, updated.Slug);
        Assert.Equal(name, updated.Name);
        Assert.Equal("New.", updated.Description);
    }

    [Fact]
    public async Task Update_WithOwnSlug_Returns200()
    {
        var tag = await CreateTagAsync(slug: Unique("own-"));

        var response = await Client.PutAsJsonAsync($"/api/tags/{tag.Id}", new { name = tag.Name, slug = tag.Slug }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(tag.Slug, (await response.Content.ReadFromJsonAsync<TagResponse>(Ct))!.Slug);
    }

    [Fact]
    public async Task Update_ToOwnNameInOtherCase_Returns200()
    {
        var tag = await CreateTagAsync(Unique("Own Name "));
        var upper = tag.Name.ToUpperInvariant();

        var response = await Client.PutAsJsonAsync($"/api/tags/{tag.Id}", new { name = upper }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = (await response.Content.ReadFromJsonAsync<TagResponse>(Ct))!;
        Assert.Equal(upper, updated.Name);
        Assert.Equal(tag.Slug, updated.Slug);
    }

    [Fact]
    public async Task Update_Rename_ShowsOnArticlesAndKeepsArticleCount()
    {
        var tag = await CreateTagAsync();
        var article = await CreatePublishedArticleAsync(tags: [tag.Name]);
        var name = Unique("Renamed ");

        var response = await Client.PutAsJsonAsync($"/api/tags/{tag.Id}", new { name }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<TagResponse>(Ct))!.ArticleCount);
        var reread = await Client.GetFromJsonAsync<ArticleResponse>($"/api/articles/{article.Id}", Ct);
        Assert.Equal(name, Assert.Single(reread!.Tags).Name);
    }

    [Fact]
    public async Task Update_WithEveryFieldInvalid_Returns400NamingEveryFieldAndChangesNothing()
    {
        var tag = await CreateTagAsync(description: "Unchanged.");

        var response = await Client.PutAsJsonAsync(
            $"/api/tags/{tag.Id}", new { name = new string('n', 65), slug = "Bad Slug", description = new string('d', 501) }, Ct);

        await AssertValidationErrorsAsync(response, "name", "slug", "description");
        Assert.Equal(tag, await GetTagAsync(tag.Id));
    }

    [Theory]
    [MemberData(nameof(TagsTestData.InvalidNames), MemberType = typeof(TagsTestData))]
    public async Task Update_WithInvalidName_Returns400NamingName(string? name)
    {
        var tag = await CreateTagAsync();

        var response = await Client.PutAsJsonAsync($"/api/tags/{tag.Id}", new { name }, Ct);

        await AssertValidationErrorsAsync(response, "name");
        Assert.Equal(tag, await GetTagAsync(tag.Id));
    }

    [Fact]
    public async Task Update_Unknown_Returns404Problem()
    {
        var id = await DeletedTagIdAsync();

        var response = await Client.PutAsJsonAsync($"/api/tags/{id}", new { name = Unique("Ghost ") }, Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
        await ReadProblemAsync(await Client.GetAsync($"/api/tags/{id}", Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_WithNameOfAnotherTag_Returns409AndChangesNothing()
    {
        var other = await CreateTagAsync();
        var tag = await CreateTagAsync();

        var response = await Client.PutAsJsonAsync($"/api/tags/{tag.Id}", new { name = other.Name.ToLowerInvariant() }, Ct);

        await ReadProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(tag, await GetTagAsync(tag.Id));
    }

    [Fact]
    public async Task Update_WithSlugOfAnotherTag_Returns409AndChangesNothing()
    {
        var other = await CreateTagAsync(slug: Unique("other-"));
        var tag = await CreateTagAsync();

        var response = await Client.PutAsJsonAsync($"/api/tags/{tag.Id}", new { name = tag.Name, slug = other.Slug }, Ct);

        await ReadProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(tag, await GetTagAsync(tag.Id));
    }

    // ---------------------------------------------------------------- DELETE /api/tags/{id}

    [Fact]
    public async Task Delete_Returns204AndTheTagIsGone()
    {
        var tag = await CreateTagAsync();

        var response = await Client.DeleteAsync($"/api/tags/{tag.Id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        await ReadProblemAsync(await Client.GetAsync($"/api/tags/{tag.Id}", Ct), HttpStatusCode.NotFound);
        await ReadProblemAsync(await Client.GetAsync($"/api/tags/slug/{tag.Slug}", Ct), HttpStatusCode.NotFound);
        Assert.Empty((await ListTagsAsync($"q={Uri.EscapeDataString(tag.Name)}")).Items);
    }

    [Fact]
    public async Task Delete_RemovesTagFromItsArticlesAndLeavesThemOtherwiseUnchanged()
    {
        var doomed = await CreateTagAsync();
        var kept = await CreateTagAsync();
        var related = await CreatePublishedArticleAsync();
        var published = await CreatePublishedArticleAsync(tags: [doomed.Name, kept.Name], related: [related.Id]);
        var draft = await CreateArticleAsync(new { title = Unique("Draft "), body = "Draft body.", tags = new[] { kept.Name, doomed.Name } });
        // Drafts are not readable by id anonymously: compare the draft's list entry instead.
        async Task<JsonObject> ReadAsync(int id) => id == draft.Id
            ? (await Editor.GetFromJsonAsync<JsonNode>($"/api/articles?status=draft&q={Uri.EscapeDataString(draft.Title)}", Ct))!["items"]![0]!.DeepClone().AsObject()
            : await GetArticleJsonAsync(id);
        var before = new[] { await ReadAsync(published.Id), await ReadAsync(draft.Id) };

        var response = await Client.DeleteAsync($"/api/tags/{doomed.Id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        foreach (var old in before)
        {
            var now = await ReadAsync(old["id"]!.GetValue<int>());
            Assert.Equal([kept.Id], now["tags"]!.AsArray().Select(t => t!["id"]!.GetValue<int>()).ToArray());
            old.Remove("tags");
            now.Remove("tags");
            Assert.True(JsonNode.DeepEquals(old, now), $"Article changed beyond its tags.\nBefore: {old}\nAfter:  {now}");
        }

        Assert.Equal(1, (await GetTagAsync(kept.Id)).ArticleCount);
        var byDeletedTag = await Editor.GetAsync($"/api/articles?status=all&tag={doomed.Slug}", Ct);
        Assert.Equal(HttpStatusCode.OK, byDeletedTag.StatusCode);
        Assert.Equal(0, (await byDeletedTag.Content.ReadFromJsonAsync<PagedResponse<ArticleSummary>>(Ct))!.TotalItems);
    }

    [Fact]
    public async Task Delete_Unknown_Returns404Problem()
    {
        var id = await DeletedTagIdAsync();

        var response = await Client.DeleteAsync($"/api/tags/{id}", Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
    }

    // ---------------------------------------------------------------- helpers

    private static readonly JsonSerializerOptions JsonWeb = new(JsonSerializerDefaults.Web);

    private async Task<TagResponse> GetTagAsync(int id)
    {
        var response = await Client.GetAsync($"/api/tags/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TagResponse>(Ct))!;
    }

    private async Task<TagResponse> GetTagBySlugAsync(string slug)
    {
        var response = await Client.GetAsync($"/api/tags/slug/{slug}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TagResponse>(Ct))!;
    }

    private async Task<PagedResponse<TagResponse>> ListTagsAsync(string query)
    {
        var response = await Client.GetAsync($"/api/tags?{query}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PagedResponse<TagResponse>>(Ct))!;
    }

    private async Task<JsonObject> GetArticleJsonAsync(int id)
    {
        var response = await Client.GetAsync($"/api/articles/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
    }

    /// <summary>The id of a tag that existed and was deleted: certainly unknown now.</summary>
    private async Task<int> DeletedTagIdAsync()
    {
        var tag = await CreateTagAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/tags/{tag.Id}", Ct)).StatusCode);
        return tag.Id;
    }
}
