using System.Net;
using System.Text.Json;
using HeadlessBlog.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HeadlessBlog.Api.Tests;

/// <summary>The OpenAPI document and Swagger UI that client developers read.</summary>
public sealed class OpenApiTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>
{
    private const string DocumentUrl = "/swagger/v1/swagger.json";
    private const string ProblemJson = "application/problem+json";

    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    private static readonly string[] ExpectedOperationIds =
    [
        "ListTags", "GetTag", "GetTagBySlug", "CreateTag", "UpdateTag", "DeleteTag",
        "ListArticles", "GetArticle", "GetArticleBySlug", "CreateArticle", "UpdateArticle", "DeleteArticle",
        "GetSuggestions", "GetSuggestionsBySlug",
        "ListRelated", "ReplaceRelated", "AddRelated", "RemoveRelated",
        "ListRevisions", "GetRevision", "DiffRevision", "RestoreRevision",
        "ListTrash", "RestoreFromTrash", "PurgeFromTrash",
        "Sync", "ListChanges", "ListAuditEntries",
        "ListWebhooks", "GetWebhook", "CreateWebhook", "UpdateWebhook", "DeleteWebhook", "RotateWebhookSecret",
        "PingWebhook", "ListWebhookDeliveries", "GetWebhookDelivery", "RedeliverWebhookDelivery",
        "GetSitemap", "GetRedirects", "GetRssFeed", "GetAtomFeed", "GetJsonFeed",
        "CreatePreviewLink", "ListPreviewLinks", "RevokePreviewLink", "GetPreview",
        "ExportContent",
        "CreateImport", "GetImport",
    ];

    private static readonly string[] OperationIdsWithBody =
        ["AddRelated", "CreateArticle", "CreateImport", "CreatePreviewLink", "CreateTag", "CreateWebhook", "ReplaceRelated", "UpdateArticle", "UpdateTag", "UpdateWebhook"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Document_IsServedAsOpenApi3Json()
    {
        var response = await factory.CreateApiClient().GetAsync(DocumentUrl, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Document_HasExactlyTheExpectedOperationIds()
    {
        var operations = await OperationsAsync();

        var ids = operations.Select(o => o.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ExpectedOperationIds.Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EveryOperation_HasOperationIdAndSummary()
    {
        var operations = await OperationsAsync();

        Assert.NotEmpty(operations);
        Assert.All(operations, o =>
        {
            Assert.False(string.IsNullOrWhiteSpace(o.Id), $"{o} has no operationId.");
            Assert.True(
                o.Element.TryGetProperty("summary", out var summary) && !string.IsNullOrWhiteSpace(summary.GetString()),
                $"{o} has no summary.");
        });
    }

    [Fact]
    public async Task EveryOperationWithARequestBody_HasAJsonExampleMatchingItsSchema()
    {
        using var document = await DocumentAsync();
        var operations = Operations(document.RootElement);
        var withBody = operations.Where(o => o.Element.TryGetProperty("requestBody", out _)).ToList();

        Assert.Equal(OperationIdsWithBody, withBody.Select(o => o.Id).Order(StringComparer.Ordinal));
        Assert.All(withBody, o =>
        {
            var json = o.Element.GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
            Assert.True(json.TryGetProperty("example", out var example), $"{o} has no application/json example.");
            Assert.Equal(JsonValueKind.Object, example.ValueKind);

            var schema = Resolve(document.RootElement, json.GetProperty("schema"));
            var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            var given = example.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            Assert.Subset(properties, given);
            if (schema.TryGetProperty("required", out var required))
            {
                Assert.Superset(required.EnumerateArray().Select(r => r.GetString()!).ToHashSet(StringComparer.Ordinal), given);
            }
        });
    }

    [Fact]
    public async Task EveryOperation_Lists400WithAValidationProblem()
    {
        var operations = await OperationsAsync();

        Assert.All(operations, o =>
        {
            Assert.True(o.Responses.TryGetProperty("400", out var response), $"{o} does not list 400.");
            var schema = response.GetProperty("content").GetProperty(ProblemJson).GetProperty("schema");
            Assert.Equal("#/components/schemas/HttpValidationProblemDetails", schema.GetProperty("$ref").GetString());
        });
    }

    [Fact]
    public async Task EveryOperationWithARouteParameter_Lists404()
    {
        var operations = await OperationsAsync();
        var withRouteParameter = operations.Where(o => o.Path.Contains('{', StringComparison.Ordinal)).ToList();

        Assert.Equal(32, withRouteParameter.Count);
        Assert.All(withRouteParameter, o => Assert.True(o.Responses.TryGetProperty("404", out _), $"{o} does not list 404."));
    }

    [Fact]
    public async Task CreateAndUpdateOfTagsAndArticles_List409()
    {
        var operations = await OperationsAsync();
        var writes = operations
            .Where(o => o.Method is "post" or "put")
            .Where(o => o.Path is "/api/tags" or "/api/tags/{id}" or "/api/articles" or "/api/articles/{id}")
            .ToList();

        Assert.Equal(4, writes.Count);
        Assert.All(writes, o => Assert.True(o.Responses.TryGetProperty("409", out _), $"{o} does not list 409."));
    }

    [Fact]
    public async Task EveryErrorResponse_IsOnlyProblemJson()
    {
        var operations = await OperationsAsync();
        var errors = operations
            .SelectMany(o => o.Responses.EnumerateObject().Where(r => r.Name.StartsWith('4') || r.Name.StartsWith('5')).Select(r => (o, r)))
            .ToList();

        Assert.NotEmpty(errors);
        Assert.All(errors, e =>
        {
            var (operation, response) = e;
            Assert.True(response.Value.TryGetProperty("content", out var content), $"{operation} {response.Name} has no body.");
            Assert.Equal(new[] { ProblemJson }, content.EnumerateObject().Select(c => c.Name));
            var schema = content.GetProperty(ProblemJson).GetProperty("schema").GetProperty("$ref").GetString();
            Assert.True(
                schema is "#/components/schemas/ProblemDetails" or "#/components/schemas/HttpValidationProblemDetails",
                $"{operation} {response.Name} has the schema {schema}, not a problem details schema.");
        });
    }

    [Fact]
    public async Task PageAndPageSizeParameters_AreIntegers()
    {
        var operations = await OperationsAsync();
        var paging = operations
            .SelectMany(o => o.Element.TryGetProperty("parameters", out var p) ? p.EnumerateArray().Select(x => (o, x)) : [])
            .Where(p => p.x.GetProperty("name").GetString() is "page" or "pageSize")
            .ToList();

        Assert.Equal(14, paging.Count);
        Assert.All(paging, p =>
        {
            Assert.Equal("query", p.x.GetProperty("in").GetString());
            Assert.Equal("integer", p.x.GetProperty("schema").GetProperty("type").GetString());
        });
    }

    [Fact]
    public async Task Export_DocumentsTheFormatAsItsJsonResponse_AndEveryStatus()
    {
        using var document = await DocumentAsync();
        var export = Assert.Single(Operations(document.RootElement), o => o.Id == "ExportContent");

        Assert.Equal(("/api/export", "get"), (export.Path, export.Method));
        Assert.Equal(["200", "400", "401", "403", "429"], export.Responses.EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
        var content = export.Responses.GetProperty("200").GetProperty("content");
        Assert.Equal(["application/json"], content.EnumerateObject().Select(c => c.Name));
        var schema = Resolve(document.RootElement, content.GetProperty("application/json").GetProperty("schema"));
        Assert.Equal(
            ["articles", "exportedAt", "format", "redirects", "tags", "version"],
            schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SwaggerUi_Returns200Html()
    {
        var response = await factory.CreateApiClient().GetAsync("/swagger/index.html", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Root_RedirectsToSwagger()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/", Ct);

        Assert.True(
            response.StatusCode is HttpStatusCode.Found or HttpStatusCode.MovedPermanently or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect,
            $"Expected a redirect, got {(int)response.StatusCode}.");
        Assert.Equal("/swagger", response.Headers.Location?.OriginalString);
    }

    private async Task<JsonDocument> DocumentAsync()
    {
        var response = await factory.CreateApiClient().GetAsync(DocumentUrl, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
    }

    private async Task<List<Operation>> OperationsAsync()
    {
        using var document = await DocumentAsync();
        // Clone so the elements outlive the document.
        return Operations(document.RootElement.Clone());
    }

    private static List<Operation> Operations(JsonElement root) =>
        [
            .. root.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
                .Where(m => HttpMethods.Contains(m.Name))
                .Select(m => new Operation(
                    path.Name,
                    m.Name,
                    m.Value.TryGetProperty("operationId", out var id) ? id.GetString() : null,
                    m.Value))),
        ];

    /// <summary>The schema itself, or the component schema its <c>$ref</c> points to.</summary>
    private static JsonElement Resolve(JsonElement root, JsonElement schema)
    {
        if (!schema.TryGetProperty("$ref", out var reference))
        {
            return schema;
        }

        const string prefix = "#/components/schemas/";
        var name = reference.GetString()!;
        Assert.StartsWith(prefix, name, StringComparison.Ordinal);
        return root.GetProperty("components").GetProperty("schemas").GetProperty(name[prefix.Length..]);
    }

    private sealed record Operation(string Path, string Method, string? Id, JsonElement Element)
    {
        public JsonElement Responses => Element.GetProperty("responses");

        public override string ToString() => $"{Method.ToUpperInvariant()} {Path} ({Id ?? "no operationId"})";
    }
}
