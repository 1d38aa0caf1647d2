using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Tags;

public sealed class TagsUpdateOnSqlite(SqliteApiFactory factory) : TagsUpdateTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class TagsUpdateOnSqlServer(SqlServerApiFactory factory) : TagsUpdateTests<SqlServerApiFactory>(factory);

/// <summary>PUT /api/tags/{id}: replacing a tag, what its articles show, and the changes refused.</summary>
public abstract class TagsUpdateTests<TFactory>(TFactory factory) : TagsTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
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
}
