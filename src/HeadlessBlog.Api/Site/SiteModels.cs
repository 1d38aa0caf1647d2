using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace HeadlessBlog.Api.Site;

/// <summary>Which page of a site list (its page size is fixed).</summary>
public sealed record SitePageRequest
{
    /// <summary>Page number, from 1.</summary>
    [FromQuery(Name = "page")]
    [Range(1, int.MaxValue)]
    [DefaultValue(1)]
    public int? Page { get; init; }
}

/// <summary>The feed's filter.</summary>
public sealed record FeedQuery
{
    /// <summary>Only articles with the tag of this slug.</summary>
    [FromQuery(Name = "tag")]
    public string? Tag { get; init; }
}

/// <summary>A page a sitemap lists: a visible article, or a tag with visible articles.</summary>
/// <param name="Kind"><c>article</c> or <c>tag</c>.</param>
/// <param name="Slug">Its current slug.</param>
/// <param name="UpdatedAt">Last change (a tag: its own, or its newest visible article's publication, whichever is later).</param>
/// <param name="PublishedAt">An article's publication time; null for a tag.</param>
public sealed record SitemapItem(string Kind, string Slug, DateTime UpdatedAt, DateTime? PublishedAt);

/// <summary>An old slug that answers 301 to the current one.</summary>
/// <param name="Kind"><c>article</c> or <c>tag</c>.</param>
/// <param name="From">The old slug.</param>
/// <param name="To">The current slug.</param>
public sealed record SlugRedirectItem(string Kind, string From, string To);

/// <summary>An article as feeds show it.</summary>
public sealed record FeedArticle(
    int Id, string Title, string Slug, string? Summary, string Excerpt, string? BodyHtml, string? FeatureImageUrl,
    DateTime PublishedAt, DateTime UpdatedAt, List<string> Tags);

/// <summary>JSON Feed 1.1 (https://jsonfeed.org/version/1.1).</summary>
public sealed record JsonFeed(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("home_page_url")] string HomePageUrl,
    [property: JsonPropertyName("feed_url")] string FeedUrl,
    [property: JsonPropertyName("description"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
    [property: JsonPropertyName("items")] IReadOnlyList<JsonFeedItem> Items);

public sealed record JsonFeedItem(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("content_html"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ContentHtml,
    [property: JsonPropertyName("content_text"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ContentText,
    [property: JsonPropertyName("summary"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Summary,
    [property: JsonPropertyName("image"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Image,
    [property: JsonPropertyName("date_published")] DateTimeOffset DatePublished,
    [property: JsonPropertyName("date_modified")] DateTimeOffset DateModified,
    [property: JsonPropertyName("tags")] IReadOnlyList<string> Tags);
