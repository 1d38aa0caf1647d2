using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HeadlessBlog.Api.Exports;
using HeadlessBlog.Api.Imports;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Imports;

public sealed class RoundTripOnSqlite(ImportSqliteFactory factory) : RoundTripTests<ImportSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class RoundTripOnSqlServer(ImportSqlServerFactory factory) : RoundTripTests<ImportSqlServerFactory>(factory);

/// <summary>
/// An export imported into an empty database (of the same provider) reads back the same through the API: every article (all body formats)
/// and every tag field by field, except database ids and versions; old slugs still redirect.
/// </summary>
public abstract class RoundTripTests<TFactory>(TFactory factory) : ImportTestBase<TFactory>(factory)
    where TFactory : ApiFactory, IImportFactory
{
    /// <summary>What differs between two databases by design: row ids and concurrency versions.</summary>
    private static readonly string[] Ignored = ["id", "version"];

    private static Dictionary<string, object?> Article(string title, string status, DateTimeOffset? publishedAt, string[] tags, int[] related, string? slug = null) => new()
    {
        ["title"] = title,
        ["slug"] = slug,
        ["summary"] = "Summary of " + title,
        ["body"] = "# " + title + "\n\nSome **Markdown**, a [link](https://example.org) and 日本語.\n\n![A figure](https://img.example.org/f.png)",
        ["status"] = status,
        ["publishedAt"] = publishedAt,
        ["featureImageUrl"] = "https://img.example.org/feature.png",
        ["featureImageAlt"] = "Alt of " + title,
        ["featureImageCaption"] = "Photo by [Ada](https://example.org/ada)",
        ["metaTitle"] = "Meta " + title,
        ["metaDescription"] = "Meta description of " + title,
        ["canonicalUrl"] = "https://elsewhere.example.org/" + Unique("c"),
        ["ogImageUrl"] = "https://img.example.org/og.png",
        ["ogTitle"] = "OG " + title,
        ["ogDescription"] = "OG description of " + title,
        ["twitterImageUrl"] = "https://img.example.org/tw.png",
        ["twitterTitle"] = "Twitter " + title,
        ["twitterDescription"] = "Twitter description of " + title,
        ["tags"] = tags,
        ["relatedArticleIds"] = related,
    };

    private async Task<TagResponse> TagAsync(object request, HttpStatusCode expected, string path = "/api/tags", bool put = false)
    {
        var response = put ? await Client.PutAsJsonAsync(path, request, Ct) : await Client.PostAsJsonAsync(path, request, Ct);
        Assert.True(response.StatusCode == expected, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<TagResponse>(Ct))!;
    }

    [Fact]
    public async Task ExportImportedIntoEmptyDatabase_ReadsBackTheSameArticlesTagsAndRedirects()
    {
        var described = await TagAsync(new
        {
            name = Unique("Described "),
            description = "A tag with every field.",
            metaTitle = "Meta of the tag",
            metaDescription = "Meta description of the tag",
            featureImageUrl = "https://img.example.org/tag.png",
        }, HttpStatusCode.Created);
        var plain = await CreateTagAsync();
        var renamedTag = await CreateTagAsync(description: "Renamed later.");
        renamedTag = await TagAsync(new { name = renamedTag.Name, slug = Unique("moved-tag-"), description = renamedTag.Description }, HttpStatusCode.OK,
            $"/api/tags/{renamedTag.Id}", put: true);
        var now = Factory.Clock.GetUtcNow();
        var draft = await CreateArticleAsync(Article(Unique("Draft "), "draft", null, [plain.Name, described.Name], []));
        var scheduled = await CreateArticleAsync(Article(Unique("Scheduled "), "published", now.AddDays(5), [described.Name, renamedTag.Name, plain.Name], []));
        var published = await CreateArticleAsync(Article(Unique("Published "), "published", now.AddDays(-3), [renamedTag.Name, described.Name], [scheduled.Id, draft.Id]));
        var renamed = await CreateArticleAsync(Article(Unique("Renamed "), "published", now.AddDays(-1), [described.Name], [published.Id]));
        var renamedRequest = Article(renamed.Title, "published", renamed.PublishedAt, [described.Name], [published.Id, draft.Id], Unique("moved-article-"));
        renamed = await PutAsync(renamed.Id, renamedRequest);

        using var export = await Factory.CreateKeyClient(Factory.ReadKey).GetAsync("/api/export", Ct);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var exported = await export.Content.ReadAsStringAsync(Ct);
        var document = System.Text.Json.JsonSerializer.Deserialize(exported, ExportJsonContext.Default.ExportDocument)!;
        Assert.Equal(4, document.Articles.Count);
        Assert.Equal(2, document.Redirects.Count);

        await using var empty = Factory.NewEmpty();
        await empty.InitializeAsync();
        var report = await ImportAsync(empty, empty.CreateKeyClient(), exported, query: "?format=headlessblog");

        Assert.Equal((ImportStatuses.Succeeded, 4), (report.Status, report.Created));
        Assert.Empty(report.Skipped);
        Assert.Empty(report.Warnings);
        using var before = Factory.CreateKeyClient(Factory.ReadKey);
        using var after = empty.CreateKeyClient(empty.ReadKey);
        foreach (var article in document.Articles)
        {
            var path = $"/api/articles/slug/{article.Slug}?formats=markdown,html,plaintext";
            await AssertSameAsync(before, after, path);
        }

        foreach (var tag in document.Tags)
        {
            await AssertSameAsync(before, after, $"/api/tags/slug/{tag.Slug}");
        }

        using var reimported = await empty.CreateKeyClient(empty.ReadKey).GetAsync("/api/export", Ct);
        var again = (await reimported.Content.ReadFromJsonAsync(ExportJsonContext.Default.ExportDocument, Ct))!;
        Assert.Equal(document.Articles.Select(a => a.Slug).Order(), again.Articles.Select(a => a.Slug).Order());
        Assert.Equal(document.Tags.Select(t => t.Slug).Order(), again.Tags.Select(t => t.Slug).Order());
        using var beforeNoRedirects = Factory.CreateAnonymousClient(new() { AllowAutoRedirect = false });
        using var afterNoRedirects = empty.CreateAnonymousClient(new() { AllowAutoRedirect = false });
        foreach (var redirect in document.Redirects)
        {
            var path = $"/api/{redirect.Type}s/slug/{redirect.From}";
            using var was = await beforeNoRedirects.GetAsync(path, Ct);
            using var moved = await afterNoRedirects.GetAsync(path, Ct);
            Assert.Equal((HttpStatusCode.MovedPermanently, was.Headers.Location), (moved.StatusCode, moved.Headers.Location));
        }
    }

    /// <summary>Reads <paramref name="path"/> from both hosts and compares every field but <see cref="Ignored"/>, naming the first that differs.</summary>
    private static async Task AssertSameAsync(HttpClient before, HttpClient after, string path)
    {
        var expected = await ReadAsync(before, path);
        var actual = await ReadAsync(after, path);
        Assert.Equal(expected.Select(p => p.Key), actual.Select(p => p.Key));
        foreach (var (field, value) in expected)
        {
            Assert.True(JsonNode.DeepEquals(value, actual[field]), $"{path}: {field} was {value?.ToJsonString()}, is {actual[field]?.ToJsonString()}");
        }
    }

    private static async Task<JsonObject> ReadAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{client.BaseAddress}{path}: {(int)response.StatusCode}");
        var node = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
        WithoutIgnored(node);
        return node;
    }

    private static void WithoutIgnored(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in Ignored)
                {
                    obj.Remove(name);
                }

                foreach (var (_, child) in obj)
                {
                    WithoutIgnored(child);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    WithoutIgnored(item);
                }

                break;
        }
    }
}
