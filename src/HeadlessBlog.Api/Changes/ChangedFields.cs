using System.Text.Json;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace HeadlessBlog.Api.Changes;

/// <summary>
/// The request-body names (camelCase) of what a save changes: stored properties an editor sets, and the tag and
/// related-link collections. Derived columns (rendered body, counts, copies, versions, timestamps) are not fields.
/// </summary>
internal static class ChangedFields
{
    public const string Tags = "tags";
    public const string Related = "related";

    private static readonly (string Property, string Field)[] ArticleFields =
    [
        (nameof(Article.Title), "title"), (nameof(Article.Slug), "slug"), (nameof(Article.Summary), "summary"),
        (nameof(Article.Body), "body"), (nameof(Article.FeatureImageUrl), "featureImageUrl"),
        (nameof(Article.Status), "status"), (nameof(Article.PublishedAt), "publishedAt"),
        .. ArticleMetadata.Properties.Select(p => (p, JsonNamingPolicy.CamelCase.ConvertName(p))),
    ];

    private static readonly (string Property, string Field)[] TagFields =
        [(nameof(Tag.Name), "name"), (nameof(Tag.Slug), "slug"), (nameof(Tag.Description), "description")];

    public static IEnumerable<string> OfArticle(EntityEntry entry) => Of(entry, ArticleFields);

    public static IEnumerable<string> OfTag(EntityEntry entry) => Of(entry, TagFields);

    public static IEnumerable<string> Of(EntityEntry entry, (string Property, string Field)[] fields) =>
        entry.State switch
        {
            EntityState.Added => fields.Where(f => entry.Property(f.Property).CurrentValue is not null).Select(f => f.Field),
            EntityState.Modified => fields.Where(f => IsChanged(entry.Property(f.Property))).Select(f => f.Field),
            _ => [],
        };

    /// <summary>Modified and really different (a property marked modified may hold the value it had).</summary>
    private static bool IsChanged(PropertyEntry property) =>
        property.IsModified && !Equals(property.OriginalValue, property.CurrentValue);

    /// <summary>Whether a tag assignment or related link entry changes the collection it belongs to (not just its copies).</summary>
    public static bool ChangesCollection(EntityEntry entry, string position) =>
        entry.State is EntityState.Added or EntityState.Deleted
        || (entry.State == EntityState.Modified && IsChanged(entry.Property(position)));
}
