using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Tags;

public sealed class TagsReadOnSqlite(SqliteApiFactory factory) : TagsReadTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class TagsReadOnSqlServer(SqlServerApiFactory factory) : TagsReadTests<SqlServerApiFactory>(factory);

/// <summary>GET /api/tags, /api/tags/{id} and /api/tags/slug/{slug}: the list, its search, article counts and single tags.</summary>
public abstract class TagsReadTests<TFactory>(TFactory factory) : TagsTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
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

    private static readonly JsonSerializerOptions JsonWeb = new(JsonSerializerDefaults.Web);
}
