using System.Globalization;

namespace HeadlessBlog.Api.Delivery;

/// <summary>
/// What the response being produced shows, recorded by the handler that reads it (one per request). The output-cache
/// policy tags the stored entry with it, and <see cref="ContentEviction"/> evicts by the same tags after a save, so a
/// write reaches exactly the entries that showed what it changed.
/// </summary>
public sealed class ResponseContent
{
    public const string ArticleListsTag = "article-lists";
    public const string TagListsTag = "tag-lists";
    public const string TagCountsTag = "tag-counts";

    private readonly HashSet<string> _tags = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Tags => _tags;

    public static string ArticleTag(int id) => "article:" + id.ToString(CultureInfo.InvariantCulture);

    public static string TagTag(int id) => "tag:" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The response shows these articles (their fields, tags and related lists).</summary>
    public ResponseContent Articles(IEnumerable<int> ids) => Add(ids.Select(ArticleTag));

    /// <summary>The response shows these tags (their names and slugs).</summary>
    public ResponseContent TagsShown(IEnumerable<int> ids) => Add(ids.Select(TagTag));

    /// <summary>The response is a list or ranking of articles: any article write may change it.</summary>
    public ResponseContent ArticleLists() => Add([ArticleListsTag]);

    /// <summary>The response is a list of tags: any tag write may change it, and so may article counts.</summary>
    public ResponseContent TagLists() => Add([TagListsTag]);

    /// <summary>The response shows tags' article counts: any article write may change them.</summary>
    public ResponseContent TagCounts() => Add([TagCountsTag]);

    private ResponseContent Add(IEnumerable<string> tags)
    {
        _tags.UnionWith(tags);
        return this;
    }
}
