using System.Globalization;
using System.Text.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Publishing;

namespace HeadlessBlog.Api.Imports;

/// <summary>
/// A Ghost 5.x JSON export (<c>db[0].data</c>): its posts, tags and post metadata. Users, members, settings,
/// newsletters, products and Stripe data are never read.
/// </summary>
internal static class GhostReader
{
    public const string UrlPlaceholder = "__GHOST_URL__";

    /// <summary>True when <paramref name="root"/> has the shape of a Ghost export.</summary>
    public static bool Matches(JsonElement root) => Data(root) is not null;

    public static ImportPlan Read(JsonElement root, string? ghostUrl)
    {
        if (Data(root) is not { } data || !data.TryGetProperty("posts", out var posts) || posts.ValueKind != JsonValueKind.Array)
        {
            throw new ImportFileException(StatusCodes.Status422UnprocessableEntity,
                "The file is not a Ghost export: it has no db[0].data.posts list.");
        }

        var plan = new ImportPlan(ImportFormats.Ghost, [], [], [], [], []);
        var urls = new GhostUrls(ghostUrl);
        var tags = new Dictionary<string, ImportTag>(StringComparer.Ordinal);
        foreach (var tag in Rows(data, "tags"))
        {
            var name = Text(tag, "name") ?? "";
            var slug = Text(tag, "slug") ?? "";
            if (name.StartsWith('#') || Text(tag, "visibility") == "internal")
            {
                plan.Skipped.Add(new SkippedItem(slug, $"Internal tag '{name}': Ghost's internal tags are not imported."));
                continue;
            }

            if (Text(tag, "id") is { } id)
            {
                var imported = new ImportTag(name, slug)
                {
                    Description = Text(tag, "description"),
                    MetaTitle = Text(tag, "meta_title"),
                    MetaDescription = Text(tag, "meta_description"),
                    FeatureImageUrl = urls.Field(Text(tag, "feature_image"), $"tag '{slug}'", "feature_image", plan.Warnings),
                    CreatedAt = Date(tag, "created_at"),
                    UpdatedAt = Date(tag, "updated_at"),
                };
                tags[id] = imported;
                plan.Tags.Add(imported);
            }
        }

        var tagsOfPost = Rows(data, "posts_tags")
            .Select(r => (Post: Text(r, "post_id"), Tag: Text(r, "tag_id"), Order: r.TryGetProperty("sort_order", out var o) && o.TryGetInt32(out var n) ? n : 0))
            .Where(r => r.Post is not null && r.Tag is not null)
            .ToLookup(r => r.Post!, StringComparer.Ordinal);
        var meta = Rows(data, "posts_meta")
            .Where(r => Text(r, "post_id") is not null)
            .GroupBy(r => Text(r, "post_id")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        foreach (var post in posts.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object))
        {
            var slug = Text(post, "slug") ?? "";
            var label = slug.Length > 0 ? slug : Text(post, "title") ?? "";
            if ((Text(post, "type") ?? "post") != "post")
            {
                plan.Skipped.Add(new SkippedItem(label, $"A Ghost {Text(post, "type")}: only posts are imported."));
                continue;
            }

            var status = Text(post, "status");
            if (status is not ("published" or "scheduled" or "draft"))
            {
                plan.Skipped.Add(new SkippedItem(label, $"Status '{status}': only published, scheduled and draft posts are imported."));
                continue;
            }

            var id = Text(post, "id") ?? "";
            JsonElement? postMeta = meta.TryGetValue(id, out var found) ? found : null;
            string? Meta(string field) => postMeta is { } m ? Text(m, field) : null;
            var where = $"post '{label}'";
            var html = Text(post, "html") ?? "";
            if (html.Contains(UrlPlaceholder, StringComparison.Ordinal))
            {
                html = urls.Body(html, where, plan.Warnings);
            }

            var tagIds = tagsOfPost[id].OrderBy(t => t.Order).Select(t => t.Tag!).ToList();
            var request = new ArticleRequest(
                Title: Text(post, "title") ?? "",
                Slug: slug.Length > 0 ? slug : null,
                Summary: Text(post, "custom_excerpt"),
                Body: ImportedHtml.ToMarkdownSource(html),
                FeatureImageUrl: urls.Field(Text(post, "feature_image"), where, "feature_image", plan.Warnings),
                Status: status == "draft" ? ArticleStatuses.Draft : ArticleStatuses.Published,
                PublishedAt: status == "draft" ? null : Date(post, "published_at"),
                Tags: [.. tagIds.Where(tags.ContainsKey).Select(t => tags[t].Slug)],
                RelatedArticleIds: null,
                FeatureImageAlt: Meta("feature_image_alt"),
                FeatureImageCaption: Meta("feature_image_caption"),
                MetaTitle: Meta("meta_title"),
                MetaDescription: Meta("meta_description"),
                CanonicalUrl: Text(post, "canonical_url"),
                OgImageUrl: urls.Field(Meta("og_image"), where, "og_image", plan.Warnings),
                OgTitle: Meta("og_title"),
                OgDescription: Meta("og_description"),
                TwitterImageUrl: urls.Field(Meta("twitter_image"), where, "twitter_image", plan.Warnings),
                TwitterTitle: Meta("twitter_title"),
                TwitterDescription: Meta("twitter_description"));
            plan.Articles.Add(new ImportArticle(request, Date(post, "created_at"), Date(post, "updated_at")));
        }

        return plan;
    }

    private static JsonElement? Data(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && root.TryGetProperty("db", out var db) && db.ValueKind == JsonValueKind.Array && db.GetArrayLength() > 0
        && db[0].ValueKind == JsonValueKind.Object
        && db[0].TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            ? data
            : null;

    private static IEnumerable<JsonElement> Rows(JsonElement data, string table) =>
        data.TryGetProperty(table, out var rows) && rows.ValueKind == JsonValueKind.Array
            ? rows.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object)
            : [];

    private static string? Text(JsonElement row, string field) =>
        row.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    /// <summary>Ghost writes UTC times as <c>2025-01-01 00:00:00</c> (database export) or ISO 8601.</summary>
    private static DateTime? Date(JsonElement row, string field) =>
        Text(row, field) is { } text && DateTime.TryParse(
            text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? date
            : null;

    /// <summary><c>__GHOST_URL__</c> replaced by <c>Imports:GhostUrl</c>; without it, kept in bodies and dropped from URL fields, with a warning.</summary>
    private sealed class GhostUrls(string? ghostUrl)
    {
        private readonly string? _site = string.IsNullOrWhiteSpace(ghostUrl) ? null : ghostUrl.TrimEnd('/');

        public string Body(string html, string where, List<string> warnings)
        {
            if (_site is not null)
            {
                return html.Replace(UrlPlaceholder, _site, StringComparison.Ordinal);
            }

            warnings.Add($"{where}: the body's URLs keep {UrlPlaceholder} (set Imports:GhostUrl to the Ghost site's address to replace it).");
            return html;
        }

        public string? Field(string? url, string where, string field, List<string> warnings)
        {
            if (url is null || !url.Contains(UrlPlaceholder, StringComparison.Ordinal))
            {
                return url;
            }

            if (_site is not null)
            {
                return url.Replace(UrlPlaceholder, _site, StringComparison.Ordinal);
            }

            warnings.Add($"{where}: {field} '{url}' left out: it is not an absolute URL without Imports:GhostUrl.");
            return null;
        }
    }
}
