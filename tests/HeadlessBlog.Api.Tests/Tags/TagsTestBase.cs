using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Tags;

/// <summary>Theory data of the tag tests (static members cannot live on the generic classes).</summary>
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

/// <summary>What the tag tests share: reads of tags, and the id of a tag that no longer exists.</summary>
public abstract class TagsTestBase<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    protected async Task<TagResponse> GetTagAsync(int id)
    {
        var response = await Client.GetAsync($"/api/tags/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TagResponse>(Ct))!;
    }

    protected async Task<PagedResponse<TagResponse>> ListTagsAsync(string query)
    {
        var response = await Client.GetAsync($"/api/tags?{query}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PagedResponse<TagResponse>>(Ct))!;
    }

    /// <summary>The id of a tag that existed and was deleted: certainly unknown now.</summary>
    protected async Task<int> DeletedTagIdAsync()
    {
        var tag = await CreateTagAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/tags/{tag.Id}", Ct)).StatusCode);
        return tag.Id;
    }
}
