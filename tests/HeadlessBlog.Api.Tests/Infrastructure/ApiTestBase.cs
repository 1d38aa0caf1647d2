using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tags;

namespace HeadlessBlog.Api.Tests.Infrastructure;

/// <summary>Base of the HTTP tests; each test creates the rows it reads, with unique names.</summary>
public abstract class ApiTestBase<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private HttpClient? _client;

    protected TFactory Factory { get; } = factory;

    private HttpClient? _editor;

    /// <summary>
    /// The HTTP client: anonymous reads, writes with the editor's key and If-Match (see <see cref="ApiFactory.CreateApiClient"/>).
    /// Using it skips the test when the database is unavailable here.
    /// </summary>
    protected HttpClient Client => _client ??= Factory.CreateApiClient();

    /// <summary>A client whose every request carries the editor's key: it sees drafts and scheduled articles.</summary>
    protected HttpClient Editor => _editor ??= Factory.CreateKeyClient();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A unique lowercase token for names and slugs, e.g. "t3f9a1c2d".</summary>
    protected static string Unique(string prefix = "t") => prefix + Guid.NewGuid().ToString("N")[..10];

    protected async Task<TagResponse> CreateTagAsync(string? name = null, string? slug = null, string? description = null)
    {
        var response = await Client.PostAsJsonAsync("/api/tags", new { name = name ?? Unique("Tag "), slug, description }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TagResponse>(Ct))!;
    }

    protected async Task<ArticleResponse> CreateArticleAsync(object request)
    {
        var response = await Client.PostAsJsonAsync("/api/articles", request, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
    }

    /// <summary>A published article with a unique title (and so a unique slug).</summary>
    protected Task<ArticleResponse> CreatePublishedArticleAsync(string? title = null, string[]? tags = null, int[]? related = null) =>
        CreateArticleAsync(new
        {
            title = title ?? Unique("Article "),
            body = "Some **Markdown** body.",
            status = "published",
            tags,
            relatedArticleIds = related,
        });

    /// <summary>Replaces article <paramref name="id"/> (PUT, asserting 200) and returns it as saved.</summary>
    protected async Task<ArticleResponse> PutAsync(int id, object request)
    {
        var response = await Client.PutAsJsonAsync($"/api/articles/{id}", request, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
    }

    protected static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        return problem;
    }

    /// <summary>Asserts a 400 validation problem whose <c>errors</c> name exactly <paramref name="fields"/>.</summary>
    protected static async Task<JsonElement> AssertValidationErrorsAsync(HttpResponseMessage response, params string[] fields)
    {
        var problem = await ReadProblemAsync(response, HttpStatusCode.BadRequest);
        var named = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToArray();
        Assert.Equal(fields.Order().ToArray(), named);
        return problem;
    }
}
