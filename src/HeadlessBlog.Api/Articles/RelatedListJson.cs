using System.Text.Json;
using System.Text.Json.Serialization;

namespace HeadlessBlog.Api.Articles;

/// <summary>Reads an article's related summaries as the database writes them (<see cref="Data.ArticleRelatedList"/>).</summary>
public static partial class RelatedListJson
{
    /// <summary>The summaries in link order; none when the database wrote nothing (SQL Server for no related article).</summary>
    /// <remarks>Called by EF Core on the row it reads, after the query.</remarks>
    public static List<ArticleSummary> Read(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize(json, SummariesContext.Default.ListArticleSummary) ?? [];

    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(List<ArticleSummary>))]
    private sealed partial class SummariesContext : JsonSerializerContext;
}
