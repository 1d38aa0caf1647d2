using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace HeadlessBlog.Api.Articles;

/// <summary>
/// Reads the JSON lists the database keeps or builds beside an article: its tags (<see cref="Data.ArticleTagList"/>)
/// and its related summaries (<see cref="Data.ArticleRelatedList"/>).
/// </summary>
/// <remarks>Called by EF Core on each row it reads, after the query: the column is read as it is.</remarks>
public static partial class StoredListJson
{
    /// <summary>The tags in order; none for an article without a list (one written by SQL outside the app).</summary>
    public static List<TagRef> Tags(string? json) => Read(json, Context.Default.ListTagRef);

    /// <summary>The summaries in link order; none when the database wrote nothing (SQL Server for no related article).</summary>
    public static List<ArticleSummary> Summaries(string? json) => Read(json, Context.Default.ListArticleSummary);

    private static List<T> Read<T>(string? json, JsonTypeInfo<List<T>> type) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize(json, type) ?? [];

    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(List<TagRef>))]
    [JsonSerializable(typeof(List<ArticleSummary>))]
    private sealed partial class Context : JsonSerializerContext;
}
