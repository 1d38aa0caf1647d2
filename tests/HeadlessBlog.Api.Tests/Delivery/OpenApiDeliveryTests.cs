using System.Net;
using System.Text.Json;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

/// <summary>
/// The OpenAPI document describes the delivery features: query parameters, computed fields, suggestions, 304 and 301.
/// SQLite only: the document is generated from the endpoints and does not depend on the database.
/// </summary>
public sealed class OpenApiDeliveryTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>, IAsyncLifetime
{
    private const string DocumentUrl = "/swagger/v1/swagger.json";

    private static readonly string[] CacheableGets =
    [
        "ListTags", "GetTag", "GetTagBySlug", "ListArticles", "GetArticle", "GetArticleBySlug", "ListRelated",
        "GetSuggestions", "GetSuggestionsBySlug", "GetSitemap", "GetRedirects", "GetRssFeed", "GetAtomFeed", "GetJsonFeed",
    ];

    private JsonDocument? _document;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private JsonElement Root => _document!.RootElement;

    public async ValueTask InitializeAsync()
    {
        var response = await factory.CreateApiClient().GetAsync(DocumentUrl, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
    }

    public ValueTask DisposeAsync()
    {
        _document?.Dispose();
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData("ListArticles", "tag")]
    [InlineData("ListArticles", "q")]
    [InlineData("ListArticles", "publishedFrom")]
    [InlineData("ListArticles", "publishedTo")]
    [InlineData("ListArticles", "sort")]
    [InlineData("ListArticles", "fields")]
    [InlineData("ListTags", "sort")]
    [InlineData("ListTags", "fields")]
    [InlineData("GetArticle", "formats")]
    [InlineData("GetArticle", "fields")]
    [InlineData("GetArticleBySlug", "formats")]
    [InlineData("GetArticleBySlug", "fields")]
    [InlineData("GetTag", "fields")]
    [InlineData("GetTagBySlug", "fields")]
    [InlineData("GetSuggestions", "limit")]
    [InlineData("GetSuggestions", "fields")]
    [InlineData("GetSuggestionsBySlug", "limit")]
    [InlineData("GetSuggestionsBySlug", "fields")]
    public void DeliveryQueryParameter_IsAnOptionalDescribedQueryParameter(string operationId, string name)
    {
        var parameter = Parameter(operationId, name);

        Assert.Equal("query", parameter.GetProperty("in").GetString());
        Assert.False(parameter.TryGetProperty("required", out var required) && required.GetBoolean(), $"{operationId} {name} is required.");
        Assert.True(
            parameter.TryGetProperty("description", out var description) && !string.IsNullOrWhiteSpace(description.GetString()),
            $"{operationId} {name} has no description.");
        Assert.True(parameter.TryGetProperty("schema", out _), $"{operationId} {name} has no schema.");
    }

    [Fact]
    public void ArticleSortParameter_ListsEverySortWithNewestFirstAsDefault()
    {
        var schema = Parameter("ListArticles", "sort").GetProperty("schema");

        Assert.Equal("string", schema.GetProperty("type").GetString());
        Assert.Equal(
            ["-publishedAt", "-title", "-updatedAt", "publishedAt", "title", "updatedAt"],
            schema.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal("-publishedAt", schema.GetProperty("default").GetString());
    }

    [Fact]
    public void TagSortParameter_ListsNameAndArticleCountWithNameAsDefault()
    {
        var schema = Parameter("ListTags", "sort").GetProperty("schema");

        Assert.Equal(
            ["-articleCount", "name"],
            schema.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal("name", schema.GetProperty("default").GetString());
    }

    [Theory]
    [InlineData("publishedFrom")]
    [InlineData("publishedTo")]
    public void PublishedDateParameters_AreDates(string name)
    {
        var schema = Parameter("ListArticles", name).GetProperty("schema");

        Assert.Equal("string", schema.GetProperty("type").GetString());
        Assert.Equal("date", schema.GetProperty("format").GetString());
    }

    [Theory]
    [InlineData("GetSuggestions")]
    [InlineData("GetSuggestionsBySlug")]
    public void SuggestionsLimitParameter_IsAnIntegerFrom1To20DefaultingTo3(string operationId)
    {
        var schema = Parameter(operationId, "limit").GetProperty("schema");

        Assert.Equal("integer", schema.GetProperty("type").GetString());
        Assert.Equal(1, schema.GetProperty("minimum").GetInt32());
        Assert.Equal(20, schema.GetProperty("maximum").GetInt32());
        Assert.Equal(3, schema.GetProperty("default").GetInt32());
    }

    [Theory]
    [InlineData("GetSuggestions", "/api/articles/{id}/suggestions")]
    [InlineData("GetSuggestionsBySlug", "/api/articles/slug/{slug}/suggestions")]
    public void SuggestionsOperations_AreGetsReturningArticleSummaries(string operationId, string path)
    {
        var (actualPath, method, operation) = Operation(operationId);

        Assert.Equal(path, actualPath);
        Assert.Equal("get", method);
        Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
        var schema = operation.GetProperty("responses").GetProperty("200").GetProperty("content")
            .GetProperty("application/json").GetProperty("schema");
        Assert.Equal("array", schema.GetProperty("type").GetString());
        Assert.Equal("#/components/schemas/ArticleSummary", schema.GetProperty("items").GetProperty("$ref").GetString());
        Assert.True(operation.GetProperty("responses").TryGetProperty("404", out _), $"{operationId} does not list 404.");
    }

    [Theory]
    [InlineData("ArticleSummary", "excerpt", "string")]
    [InlineData("ArticleSummary", "wordCount", "integer")]
    [InlineData("ArticleSummary", "readingTimeMinutes", "integer")]
    [InlineData("ArticleResponse", "excerpt", "string")]
    [InlineData("ArticleResponse", "wordCount", "integer")]
    [InlineData("ArticleResponse", "readingTimeMinutes", "integer")]
    [InlineData("ArticleResponse", "bodyHtml", "string")]
    [InlineData("ArticleResponse", "bodyPlaintext", "string")]
    public void ComputedField_IsADescribedPropertyOfTheSchema(string schemaName, string property, string type)
    {
        var schema = Root.GetProperty("components").GetProperty("schemas").GetProperty(schemaName);

        Assert.True(schema.GetProperty("properties").TryGetProperty(property, out var field), $"{schemaName} has no {property}.");
        Assert.Equal(type, field.GetProperty("type").GetString());
        Assert.True(
            field.TryGetProperty("description", out var description) && !string.IsNullOrWhiteSpace(description.GetString()),
            $"{schemaName}.{property} has no description.");
    }

    [Theory]
    [InlineData("ArticleSummary")]
    [InlineData("ArticleResponse")]
    public void AlwaysReturnedComputedFields_AreRequired(string schemaName)
    {
        var required = Root.GetProperty("components").GetProperty("schemas").GetProperty(schemaName).GetProperty("required")
            .EnumerateArray().Select(r => r.GetString()!).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(new HashSet<string>(["excerpt", "wordCount", "readingTimeMinutes"], StringComparer.Ordinal), required);
    }

    [Fact]
    public void BodyFormatFields_AreOptionalBecauseFormatsChoosesThem()
    {
        var schema = Root.GetProperty("components").GetProperty("schemas").GetProperty("ArticleResponse");
        var required = schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).ToList();

        Assert.DoesNotContain("body", required);
        Assert.DoesNotContain("bodyHtml", required);
        Assert.DoesNotContain("bodyPlaintext", required);
    }

    [Fact]
    public void EveryContentGet_IsCacheableAndLists304WithoutABody()
    {
        // Sync and the change log answer from the log's head: they are neither output-cached nor ETagged. Webhook
        // management, preview links and the audit log are not content: their answers are never stored; nor are revisions
        // and the trash, which only editors read. A preview read is one editor's private view (checked by its own tests).
        // The export is a download streamed anew for each request. An import job changes while it runs: its report is
        // read fresh every time.
        var gets = Operations()
            .Where(o => o.Method == "get" && o.Id is not ("Sync" or "ListChanges" or "ListPreviewLinks" or "GetPreview" or "ListTrash" or "ExportContent" or "ListAuditEntries")
                && !o.Path.StartsWith("/api/webhooks", StringComparison.Ordinal) && !o.Path.Contains("/revisions", StringComparison.Ordinal)
                && !o.Path.StartsWith("/api/imports", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(CacheableGets.Order(StringComparer.Ordinal), gets.Select(o => o.Id).Order(StringComparer.Ordinal));
        Assert.All(gets, o =>
        {
            Assert.True(o.Element.GetProperty("responses").TryGetProperty("304", out var notModified), $"{o.Id} does not list 304.");
            Assert.False(notModified.TryGetProperty("content", out _), $"{o.Id} gives its 304 a body.");
            Assert.False(string.IsNullOrWhiteSpace(notModified.GetProperty("description").GetString()));
        });
    }

    [Fact]
    public void No304_OnWrites()
    {
        var writes = Operations().Where(o => o.Method != "get").ToList();

        Assert.NotEmpty(writes);
        Assert.All(writes, o => Assert.False(o.Element.GetProperty("responses").TryGetProperty("304", out _), $"{o.Id} lists 304."));
    }

    [Fact]
    public void OnlyTheBySlugGets_List301()
    {
        var with301 = Operations().Where(o => o.Element.GetProperty("responses").TryGetProperty("301", out _)).ToList();

        Assert.Equal(
            ["GetArticleBySlug", "GetSuggestionsBySlug", "GetTagBySlug"],
            with301.Select(o => o.Id).Order(StringComparer.Ordinal));
        Assert.All(with301, o =>
        {
            var moved = o.Element.GetProperty("responses").GetProperty("301");
            Assert.False(string.IsNullOrWhiteSpace(moved.GetProperty("description").GetString()));
            Assert.False(moved.TryGetProperty("content", out _), $"{o.Id} gives its 301 a body.");
        });
    }

    private JsonElement Parameter(string operationId, string name)
    {
        var (_, _, operation) = Operation(operationId);
        Assert.True(operation.TryGetProperty("parameters", out var parameters), $"{operationId} has no parameters.");
        var matches = parameters.EnumerateArray().Where(p => p.GetProperty("name").GetString() == name).ToList();
        Assert.True(matches.Count == 1, $"{operationId} has {matches.Count} parameters named {name}.");
        return matches[0];
    }

    private (string Path, string Method, JsonElement Element) Operation(string operationId)
    {
        var matches = Operations().Where(o => o.Id == operationId).ToList();
        Assert.True(matches.Count == 1, $"The document has {matches.Count} operations with the id {operationId}.");
        return (matches[0].Path, matches[0].Method, matches[0].Element);
    }

    private List<(string Path, string Method, string? Id, JsonElement Element)> Operations() =>
        [
            .. Root.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
                .Where(m => m.Name is "get" or "put" or "post" or "delete" or "patch")
                .Select(m => (path.Name, m.Name, m.Value.TryGetProperty("operationId", out var id) ? id.GetString() : null, m.Value))),
        ];
}
