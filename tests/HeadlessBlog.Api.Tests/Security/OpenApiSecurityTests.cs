using System.Text.Json;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Security;

/// <summary>Swagger UI shows a lock, and generated clients send the key, exactly where a key matters.</summary>
public sealed class OpenApiSecurityTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>
{
    /// <summary>Reads that show drafts and scheduled articles to a key with content:read.</summary>
    private static readonly string[] ReadsWithOptionalKey = ["ListArticles", "GetArticle", "GetArticleBySlug", "ListRelated", "Sync"];

    /// <summary>Reads for editors and tools only: the change log, revisions, preview links, the trash, the export, import jobs; the audit log (audit:read).</summary>
    private static readonly string[] ReadsRequiringAKey = ["ListChanges", "ListRevisions", "GetRevision", "DiffRevision", "ListPreviewLinks", "ListTrash", "ExportContent", "GetImport", "ListAuditEntries"];

    private static readonly string[] Writes =
        ["CreateTag", "UpdateTag", "DeleteTag", "CreateArticle", "UpdateArticle", "DeleteArticle", "ReplaceRelated", "AddRelated", "RemoveRelated",
        "RestoreRevision", "CreatePreviewLink", "RevokePreviewLink", "RestoreFromTrash", "PurgeFromTrash", "CreateImport"];

    /// <summary>Webhook management, reads included: a key with webhooks:manage.</summary>
    private static readonly string[] WebhookOperations =
    [
        "ListWebhooks", "GetWebhook", "CreateWebhook", "UpdateWebhook", "DeleteWebhook", "RotateWebhookSecret",
        "PingWebhook", "ListWebhookDeliveries", "GetWebhookDelivery", "RedeliverWebhookDelivery",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Operations => new()
    {
        { "ListTags", "none" },
        { "GetTag", "none" },
        { "GetTagBySlug", "none" },
        { "GetSuggestions", "none" },
        { "GetSuggestionsBySlug", "none" },
        { "ListArticles", "optional" },
        { "GetArticle", "optional" },
        { "GetArticleBySlug", "optional" },
        { "ListRelated", "optional" },
        { "CreateTag", "required" },
        { "UpdateArticle", "required" },
        { "RemoveRelated", "required" },
        { "ListWebhooks", "required" },
        { "GetWebhookDelivery", "required" },
        { "ExportContent", "required" },
        { "ListAuditEntries", "required" },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_DocumentsTheKeyOnlyWhereItMatters(string operationId, string expected)
    {
        var security = await SecurityOfAsync(operationId);

        Assert.Equal(expected, Describe(security));
    }

    [Fact]
    public async Task EveryWrite_RequiresTheKey_AndOnlyDraftShowingReadsOfferIt()
    {
        using var document = await DocumentAsync();
        foreach (var (id, operation) in OperationsOf(document))
        {
            var security = operation.TryGetProperty("security", out var value) ? value : (JsonElement?)null;
            var expected = Writes.Contains(id) || ReadsRequiringAKey.Contains(id) || WebhookOperations.Contains(id) ? "required" : ReadsWithOptionalKey.Contains(id) ? "optional" : "none";
            Assert.True(expected == Describe(security), $"{id}: expected {expected}, documented {Describe(security)}");
        }
    }

    private async Task<JsonElement?> SecurityOfAsync(string operationId)
    {
        using var document = await DocumentAsync();
        var (_, operation) = Assert.Single(OperationsOf(document), o => o.Id == operationId);
        return operation.TryGetProperty("security", out var security) ? security.Clone() : null;
    }

    /// <summary>"none" (no requirement), "optional" (<c>{}</c> or the key) or "required" (the key only).</summary>
    private static string Describe(JsonElement? security)
    {
        if (security is not { } list || list.GetArrayLength() == 0)
        {
            return "none";
        }

        var requirements = list.EnumerateArray().Select(r => string.Join(",", r.EnumerateObject().Select(p => p.Name))).ToList();
        return requirements switch
        {
            ["ApiKey"] => "required",
            ["", "ApiKey"] => "optional",
            _ => "unexpected: " + string.Join(" | ", requirements),
        };
    }

    private async Task<JsonDocument> DocumentAsync() =>
        JsonDocument.Parse(await factory.CreateApiClient().GetStringAsync("/swagger/v1/swagger.json", Ct));

    private static IEnumerable<(string Id, JsonElement Operation)> OperationsOf(JsonDocument document) =>
        document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject())
            .Where(method => method.Value.ValueKind == JsonValueKind.Object && method.Value.TryGetProperty("operationId", out _))
            .Select(method => (method.Value.GetProperty("operationId").GetString()!, method.Value));
}
