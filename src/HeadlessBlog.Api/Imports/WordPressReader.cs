using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Api.Slugs;

namespace HeadlessBlog.Api.Imports;

/// <summary>
/// A WordPress export (WXR 1.2, Tools → Export): posts, their categories and tags, featured images. Read without DTD
/// processing or any resolver, so that no entity is expanded and no file or URL is fetched, and size-limited.
/// </summary>
internal static class WordPressReader
{
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";

    public static XmlReaderSettings Settings(long maxCharacters) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = maxCharacters,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    public static ImportPlan Read(XDocument document)
    {
        var channel = document.Root is { Name.LocalName: "rss" } rss ? rss.Element("channel") : null;
        var wp = document.Root?.GetNamespaceOfPrefix("wp");
        if (channel is null || wp is null || !wp.NamespaceName.StartsWith("http://wordpress.org/export/", StringComparison.Ordinal))
        {
            throw new ImportFileException(StatusCodes.Status422UnprocessableEntity,
                "The file is not a WordPress export (WXR): it has no rss/channel with the wp namespace.");
        }

        var excerpt = document.Root!.GetNamespaceOfPrefix("excerpt") ?? XNamespace.None;
        var plan = new ImportPlan(ImportFormats.WordPress, [], [], [], [], []);
        var tags = new Dictionary<string, ImportTag>(StringComparer.Ordinal);
        void AddTag(string? name, string? slug, string? description = null)
        {
            if (!string.IsNullOrWhiteSpace(name) && !string.IsNullOrWhiteSpace(slug) && slug != "uncategorized" && !tags.ContainsKey(slug))
            {
                var tag = new ImportTag(name.Trim(), Slug.From(Uri.UnescapeDataString(slug), "tag"))
                {
                    Description = string.IsNullOrWhiteSpace(description) ? null : description,
                };
                tags[slug] = tag;
                plan.Tags.Add(tag);
            }
        }

        foreach (var category in channel.Elements(wp + "category"))
        {
            AddTag(Value(category, wp + "cat_name"), Value(category, wp + "category_nicename"), Value(category, wp + "category_description"));
        }

        foreach (var tag in channel.Elements(wp + "tag"))
        {
            AddTag(Value(tag, wp + "tag_name"), Value(tag, wp + "tag_slug"), Value(tag, wp + "tag_description"));
        }

        var items = channel.Elements("item").ToList();
        var attachments = items
            .Where(i => Value(i, wp + "post_type") == "attachment" && Value(i, wp + "post_id") is not null)
            .GroupBy(i => Value(i, wp + "post_id")!)
            .ToDictionary(g => g.Key, g => Value(g.First(), wp + "attachment_url") ?? Value(g.First(), "guid"));
        foreach (var item in items)
        {
            var type = Value(item, wp + "post_type");
            var title = Value(item, "title") ?? "";
            var name = Value(item, wp + "post_name");
            var label = name ?? title;
            if (type == "page")
            {
                plan.Skipped.Add(new SkippedItem(label, "A WordPress page: only posts are imported."));
                continue;
            }

            if (type != "post")
            {
                continue;
            }

            var status = Value(item, wp + "status");
            if (status is not ("publish" or "future" or "draft" or "pending" or "private"))
            {
                plan.Skipped.Add(new SkippedItem(label, $"Status '{status}': only published, scheduled, draft, pending and private posts are imported."));
                continue;
            }

            if (status == "private")
            {
                plan.Warnings.Add($"post '{label}': private in WordPress, imported as a draft.");
            }

            var terms = item.Elements("category")
                .Select(c => (Domain: (string?)c.Attribute("domain"), Slug: (string?)c.Attribute("nicename"), Name: c.Value))
                .Where(c => c.Domain is "category" or "post_tag")
                .OrderBy(c => c.Domain == "category" ? 0 : 1)
                .ToList();
            foreach (var term in terms)
            {
                AddTag(term.Name, term.Slug);
            }

            var thumbnail = item.Elements(wp + "postmeta")
                .FirstOrDefault(m => Value(m, wp + "meta_key") == "_thumbnail_id") is { } meta ? Value(meta, wp + "meta_value") : null;
            string? image = null;
            if (thumbnail is not null && !attachments.TryGetValue(thumbnail, out image))
            {
                plan.Warnings.Add($"post '{label}': its featured image (attachment {thumbnail}) is not in the file.");
            }

            var published = status is "publish" or "future";
            var request = new ArticleRequest(
                Title: title,
                Slug: name is null ? null : Slug.From(Uri.UnescapeDataString(name), "article"),
                Summary: Value(item, excerpt + "encoded"),
                Body: ImportedHtml.ToMarkdownSource(ImportedHtml.WithoutBlockComments(Value(item, Content + "encoded") ?? "")),
                FeatureImageUrl: image,
                Status: published ? ArticleStatuses.Published : ArticleStatuses.Draft,
                PublishedAt: published ? Date(item, wp + "post_date_gmt") ?? Date(item, wp + "post_date") : null,
                Tags: [.. terms.Where(t => t.Slug is not null && tags.ContainsKey(t.Slug)).Select(t => tags[t.Slug!].Slug).Distinct()],
                RelatedArticleIds: null);
            plan.Articles.Add(new ImportArticle(request, Date(item, wp + "post_date_gmt")));
        }

        return plan;
    }

    private static string? Value(XElement parent, XName name) =>
        parent.Element(name)?.Value is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>WordPress writes <c>2025-01-01 10:00:00</c>, and <c>0000-00-00 00:00:00</c> for none.</summary>
    private static DateTime? Date(XElement item, XName name) =>
        Value(item, name) is { } text && !text.StartsWith("0000", StringComparison.Ordinal) && DateTime.TryParseExact(
            text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? date
            : null;
}
