using System.Text.Json;
using System.Text.Json.Serialization;

namespace HeadlessBlog.Api.Articles;

/// <summary>Reads the copy of an article's tags (<see cref="Data.ArticleTagList"/>) into the tags a response shows.</summary>
public static partial class TagListJson
{
    /// <summary>The tags in order; none for an article without a list (one written by SQL outside the app).</summary>
    /// <remarks>Called by EF Core on each row it reads, after the query: the column is read as it is, no JSON in SQL.</remarks>
    public static List<TagRef> Read(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize(json, Context.Default.ListTagRef) ?? [];

    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(List<TagRef>))]
    private sealed partial class Context : JsonSerializerContext;
}
