using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

/// <summary>Theory data of the HTTP caching tests (static members cannot live on the generic classes).</summary>
public static class HttpCachingTestData
{
    /// <summary>Every successful GET of content: the lists, single reads by id and slug, related and suggestions.</summary>
    public static readonly string[] EndpointNames =
    [
        "tags", "tag", "tagBySlug", "articles", "article", "articleBySlug", "related", "suggestions", "suggestionsBySlug",
    ];

    public static TheoryData<string> Endpoints => [.. EndpointNames];

    /// <summary>Each endpoint, asked anonymously (the output cache answers) and with credentials (the endpoint answers).</summary>
    public static TheoryData<string, bool> EndpointsWithAndWithoutCredentials
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (var endpoint in EndpointNames)
            {
                data.Add(endpoint, false);
                data.Add(endpoint, true);
            }

            return data;
        }
    }

    public static TheoryData<string> CredentialHeaders => ["X-Api-Key", "Authorization"];

    public static TheoryData<string> Encodings => ["br", "gzip"];
}

/// <summary>What the HTTP caching tests share: a tag with three articles and the URLs that show them, cached reads, and edits.</summary>
public abstract class HttpCachingTestBase<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    /// <summary>
    /// A tag and three visible articles carrying it, with the token in their titles: <c>Article</c> links to
    /// <c>Related</c>, so its only suggestion is <c>Similar</c>.
    /// </summary>
    protected async Task<Scenario> CreateScenarioAsync()
    {
        var token = Unique("c");
        var tagName = $"Tag {token}";
        var related = await CreatePublishedArticleAsync($"Article {token} related", tags: [tagName]);
        var similar = await CreatePublishedArticleAsync($"Article {token} similar", tags: [tagName]);
        var article = await CreatePublishedArticleAsync($"Article {token} main", tags: [tagName], related: [related.Id]);
        return new Scenario(token, article.Tags[0], article, related, similar);
    }

    /// <summary>GETs <paramref name="url"/> anonymously twice, asserting that the second answer came from the output cache.</summary>
    protected async Task<string> GetCachedAsync(string url)
    {
        var first = await Client.GetAsync(url, Ct);
        Assert.True(first.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)first.StatusCode}.");

        Factory.Commands.Reset();
        var second = await Client.GetAsync(url, Ct);
        var commands = Factory.Commands.Count;

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True(commands == 0, $"{url} ran {commands} SQL commands on a repeated read: it is not in the output cache.");
        return await second.Content.ReadAsStringAsync(Ct);
    }

    /// <summary>A valid read key for X-Api-Key (an invalid one is refused with 401); any value for Authorization.</summary>
    protected string CredentialValue(string header) => header == "X-Api-Key" ? Factory.ReadKey : "Bearer any-value";

    protected async Task PutTagAsync(int id, string name)
    {
        var response = await Client.PutAsJsonAsync($"/api/tags/{id}", new { name }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    protected async Task PutArticleAsync(ArticleResponse article, string title, string[] tags, int[] related)
    {
        var response = await Client.PutAsJsonAsync($"/api/articles/{article.Id}", new
        {
            title,
            body = "A rewritten **Markdown** body.",
            status = "published",
            tags,
            relatedArticleIds = related,
        }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    protected sealed record Scenario(string Token, TagRef Tag, ArticleResponse Article, ArticleResponse Related, ArticleResponse Similar)
    {
        public string Url(string endpoint) => endpoint switch
        {
            "tags" => $"/api/tags?q={Token}",
            "tag" => $"/api/tags/{Tag.Id}",
            "tagBySlug" => $"/api/tags/slug/{Tag.Slug}",
            "articles" => $"/api/articles?tag={Tag.Slug}",
            "article" => $"/api/articles/{Article.Id}",
            "articleBySlug" => $"/api/articles/slug/{Article.Slug}",
            "related" => $"/api/articles/{Article.Id}/related",
            "suggestions" => $"/api/articles/{Article.Id}/suggestions",
            "suggestionsBySlug" => $"/api/articles/slug/{Article.Slug}/suggestions",
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, "Unknown endpoint."),
        };
    }
}
