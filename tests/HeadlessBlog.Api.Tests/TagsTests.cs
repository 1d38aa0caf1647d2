using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests;

public sealed class TagsOnSqlite(SqliteApiFactory factory) : TagsTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class TagsOnSqlServer(SqlServerApiFactory factory) : TagsTests<SqlServerApiFactory>(factory);

public abstract class TagsTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Create_WithoutSlug_Returns201WithGeneratedSlugAndLocation()
    {
        var name = "Café Déjà Vu " + Unique();

        var response = await Client.PostAsJsonAsync("/api/tags", new { name, description = "Coffee" }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var tag = await response.Content.ReadFromJsonAsync<TagResponse>(Ct);
        Assert.NotNull(tag);
        Assert.Equal(name, tag.Name);
        Assert.StartsWith("cafe-deja-vu-", tag.Slug, StringComparison.Ordinal);
        Assert.Equal("Coffee", tag.Description);
        Assert.Equal($"/api/tags/{tag.Id}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Create_WithNameTakenInOtherCase_Returns409()
    {
        var tag = await CreateTagAsync();

        var response = await Client.PostAsJsonAsync("/api/tags", new { name = tag.Name.ToUpperInvariant() }, Ct);

        await ReadProblemAsync(response, HttpStatusCode.Conflict);
    }
}
