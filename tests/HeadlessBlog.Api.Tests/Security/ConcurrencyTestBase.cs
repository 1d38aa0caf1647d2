using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Security;

/// <summary>Theory data of <see cref="ConcurrencyIfMatchTests{TFactory}"/>.</summary>
public static class ConcurrencyTestData
{
    public const string GetETag = "the ETag of a GET";
    public const string VersionInQuotes = "the version field in quotes";

    public static TheoryData<string, string> ChangeEndpointsAndETagForms
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var endpoint in SecurityTestData.ChangeEndpoints)
            {
                data.Add(endpoint, GetETag);
                data.Add(endpoint, VersionInQuotes);
            }

            return data;
        }
    }
}

/// <summary>What the concurrency tests share: an editor's client that never adds If-Match, and another editor's change.</summary>
public abstract class ConcurrencyTestBase<TFactory>(TFactory factory) : SecurityTestBase<TFactory>(factory)
    where TFactory : ApiFactory, IRaceFactory
{
    private HttpClient? _noIfMatch;

    /// <summary>The editor's key on every request, If-Match never added.</summary>
    protected HttpClient NoIfMatch => _noIfMatch ??= Factory.CreateKeyClient(ifMatch: false);

    /// <summary>Another editor's change: the article or tag as they read it, with <paramref name="suffix"/> added to its title or name.</summary>
    protected async Task<HttpResponseMessage> EditAsync(string url, string suffix)
    {
        var json = JsonNode.Parse(await (await Editor.GetAsync(url, Ct)).Content.ReadAsStringAsync(Ct))!;
        object body = url.StartsWith("/api/tags/", StringComparison.Ordinal)
            ? new
            {
                name = json["name"]!.GetValue<string>() + suffix,
                slug = json["slug"]!.GetValue<string>(),
                description = json["description"]?.GetValue<string>(),
            }
            : new
            {
                title = json["title"]!.GetValue<string>() + suffix,
                slug = json["slug"]!.GetValue<string>(),
                summary = json["summary"]?.GetValue<string>(),
                body = json["body"]!.GetValue<string>(),
                featureImageUrl = json["featureImageUrl"]?.GetValue<string>(),
                status = json["status"]!.GetValue<string>() == "draft" ? "draft" : "published",
                publishedAt = json["publishedAt"]?.GetValue<string>(),
                tags = json["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToArray(),
                relatedArticleIds = json["related"]!.AsArray().Select(r => r!["id"]!.GetValue<int>()).ToArray(),
            };
        return await Client.PutAsJsonAsync(url, body, Ct);
    }

    protected async Task<int[]> RelatedIdsAsync(string articleUrl)
    {
        var article = await Editor.GetFromJsonAsync<ArticleResponse>(articleUrl, Ct);
        return [.. article!.Related.Select(r => r.Id)];
    }
}
