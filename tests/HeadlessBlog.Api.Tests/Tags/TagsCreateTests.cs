using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Tags;

public sealed class TagsCreateOnSqlite(SqliteApiFactory factory) : TagsCreateTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class TagsCreateOnSqlServer(SqlServerApiFactory factory) : TagsCreateTests<SqlServerApiFactory>(factory);

/// <summary>POST /api/tags: generated and explicit slugs, names taken in any case, validation and maximum lengths.</summary>
public abstract class TagsCreateTests<TFactory>(TFactory factory) : TagsTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
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

    private async Task<TagResponse> GetTagBySlugAsync(string slug)
    {
        var response = await Client.GetAsync($"/api/tags/slug/{slug}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TagResponse>(Ct))!;
    }
}
