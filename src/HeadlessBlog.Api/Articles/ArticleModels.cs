using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Publishing;
using Microsoft.AspNetCore.Mvc;

namespace HeadlessBlog.Api.Articles;

/// <summary>A tag as shown on an article.</summary>
public sealed record TagRef(int Id, string Name, string Slug);

/// <summary>An article without its body, as shown in lists.</summary>
public record ArticleSummary
{
    /// <summary>Database id.</summary>
    public required int Id { get; init; }

    /// <summary>URL slug, unique.</summary>
    public required string Slug { get; init; }

    /// <summary>Title.</summary>
    public required string Title { get; init; }

    /// <summary>Optional summary.</summary>
    public string? Summary { get; init; }

    /// <summary>Optional absolute http(s) URL of the feature image.</summary>
    public string? FeatureImageUrl { get; init; }

    /// <summary>Alt text of the feature image (cards show the image too).</summary>
    public string? FeatureImageAlt { get; init; }

    /// <summary><c>draft</c>, <c>scheduled</c> (published with a future <c>publishedAt</c>) or <c>published</c>.</summary>
    public required string Status { get; init; }

    /// <summary>When the article was (or will be) published (UTC); null for an article never published.</summary>
    public DateTime? PublishedAt { get; init; }

    /// <summary>When the article was last changed (UTC).</summary>
    public required DateTime UpdatedAt { get; init; }

    /// <summary>Tags in order; the first is the primary tag.</summary>
    public required IReadOnlyList<TagRef> Tags { get; init; }

    /// <summary>The summary, or else the start of the body's text cut at a word boundary (at most 300 characters, ending in "…" when cut).</summary>
    public required string Excerpt { get; init; }

    /// <summary>Words of the rendered body (each CJK character counts as one).</summary>
    public required int WordCount { get; init; }

    /// <summary>Reading time at 275 words per minute plus time for images, at least 1.</summary>
    public required int ReadingTimeMinutes { get; init; }
}

/// <summary>A whole article: the fields of its summary, its body and its related articles.</summary>
public record ArticleResponse : ArticleSummary
{
    // After the summary's fields, as clients have always seen them (System.Text.Json writes a derived type's own first).

    /// <summary>Markdown body; returned when <c>formats</c> includes <c>markdown</c> (default).</summary>
    [JsonPropertyOrder(1)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Body { get; init; }

    /// <summary>The body rendered to sanitized HTML (headings carry <c>id</c> anchors); returned when <c>formats</c> includes <c>html</c> (default).</summary>
    [JsonPropertyOrder(1)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? BodyHtml { get; init; }

    /// <summary>The body's text without markup; returned when <c>formats</c> includes <c>plaintext</c>.</summary>
    [JsonPropertyOrder(1)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? BodyPlaintext { get; init; }

    /// <summary>When the article was created (UTC).</summary>
    [JsonPropertyOrder(1)]
    public required DateTime CreatedAt { get; init; }

    /// <summary>Concurrency version; changes on every update.</summary>
    [JsonPropertyOrder(1)]
    public required string Version { get; init; }

    /// <summary>Hand-picked related articles, in link order (only visible ones for public reads).</summary>
    [JsonPropertyOrder(1)]
    public required IReadOnlyList<ArticleSummary> Related { get; init; }

    /// <summary>Caption of the feature image as written (inline Markdown).</summary>
    [JsonPropertyOrder(2)]
    public string? FeatureImageCaption { get; init; }

    /// <summary>The caption rendered to sanitized inline HTML.</summary>
    [JsonPropertyOrder(2)]
    public string? FeatureImageCaptionHtml { get; init; }

    /// <summary>Title for <c>&lt;title&gt;</c> when it should differ from the headline.</summary>
    [JsonPropertyOrder(2)]
    public string? MetaTitle { get; init; }

    /// <summary>Meta description.</summary>
    [JsonPropertyOrder(2)]
    public string? MetaDescription { get; init; }

    /// <summary>Canonical URL, for an article first published elsewhere.</summary>
    [JsonPropertyOrder(2)]
    public string? CanonicalUrl { get; init; }

    /// <summary>Open Graph image.</summary>
    [JsonPropertyOrder(2)]
    public string? OgImageUrl { get; init; }

    /// <summary>Open Graph title.</summary>
    [JsonPropertyOrder(2)]
    public string? OgTitle { get; init; }

    /// <summary>Open Graph description.</summary>
    [JsonPropertyOrder(2)]
    public string? OgDescription { get; init; }

    /// <summary>Twitter card image.</summary>
    [JsonPropertyOrder(2)]
    public string? TwitterImageUrl { get; init; }

    /// <summary>Twitter card title.</summary>
    [JsonPropertyOrder(2)]
    public string? TwitterTitle { get; init; }

    /// <summary>Twitter card description.</summary>
    [JsonPropertyOrder(2)]
    public string? TwitterDescription { get; init; }

    /// <summary>What the page's head needs, every fallback applied (see <see cref="ArticleSeo"/>).</summary>
    [JsonPropertyOrder(2)]
    public ArticleSeo? Seo { get; init; }
}

/// <summary>
/// The article page's head with the fallbacks a frontend would otherwise write by hand: <c>title</c> is metaTitle,
/// else the title; <c>description</c> is metaDescription, else the summary, else the excerpt; <c>canonicalUrl</c> is
/// canonicalUrl, else <c>Site:Url</c> + <c>Site:ArticleUrlTemplate</c> when <c>Site:Url</c> is set, else null;
/// <c>image</c> is the feature image; Open Graph and Twitter take their own values, else these.
/// </summary>
/// <param name="Title">For <c>&lt;title&gt;</c>.</param>
/// <param name="Description">For <c>&lt;meta name="description"&gt;</c>.</param>
/// <param name="CanonicalUrl">For <c>&lt;link rel="canonical"&gt;</c>.</param>
/// <param name="Image">The feature image.</param>
/// <param name="ImageAlt">Its alt text.</param>
/// <param name="Og">Open Graph (<c>og:title</c>, <c>og:description</c>, <c>og:image</c>).</param>
/// <param name="Twitter">Twitter card (<c>twitter:title</c>, <c>twitter:description</c>, <c>twitter:image</c>).</param>
public sealed record ArticleSeo(
    string Title, string Description, string? CanonicalUrl, string? Image, string? ImageAlt, SocialCard Og, SocialCard Twitter);

/// <summary>A social card's title, description and image.</summary>
public sealed record SocialCard(string Title, string Description, string? Image);

/// <summary>Creates an article or replaces all of its fields.</summary>
/// <param name="Title">1–200 characters after trimming.</param>
/// <param name="Slug">Optional; generated from the title when omitted on create (taken → "-2", "-3", …), kept when omitted on update.</param>
/// <param name="Summary">Optional, at most 500 characters.</param>
/// <param name="Body">Markdown, at most 500,000 characters.</param>
/// <param name="FeatureImageUrl">Optional absolute http or https URL, at most 2,000 characters.</param>
/// <param name="Status"><c>draft</c> (default) or <c>published</c>.</param>
/// <param name="PublishedAt">Optional publication time; set to now when an article is published without one.</param>
/// <param name="Tags">Tag names in order (the first is the primary tag); matched case-insensitively against tag names and slugs, unknown names create tags.</param>
/// <param name="RelatedArticleIds">Ids of related articles, in order.</param>
/// <param name="FeatureImageAlt">Optional alt text of the feature image, at most 500 characters.</param>
/// <param name="FeatureImageCaption">Optional caption (inline Markdown, e.g. a credit with a link), at most 1,000 characters.</param>
/// <param name="MetaTitle">Optional, at most 300 characters.</param>
/// <param name="MetaDescription">Optional, at most 500 characters.</param>
/// <param name="CanonicalUrl">Optional absolute http or https URL, at most 2,000 characters.</param>
/// <param name="OgImageUrl">Optional absolute http or https URL.</param>
/// <param name="OgTitle">Optional, at most 300 characters.</param>
/// <param name="OgDescription">Optional, at most 500 characters.</param>
/// <param name="TwitterImageUrl">Optional absolute http or https URL.</param>
/// <param name="TwitterTitle">Optional, at most 300 characters.</param>
/// <param name="TwitterDescription">Optional, at most 500 characters.</param>
public sealed record ArticleRequest(
    string Title,
    string? Slug,
    string? Summary,
    string Body,
    string? FeatureImageUrl,
    string? Status,
    DateTimeOffset? PublishedAt,
    IReadOnlyList<string>? Tags,
    IReadOnlyList<int>? RelatedArticleIds,
    string? FeatureImageAlt = null,
    string? FeatureImageCaption = null,
    string? MetaTitle = null,
    string? MetaDescription = null,
    string? CanonicalUrl = null,
    string? OgImageUrl = null,
    string? OgTitle = null,
    string? OgDescription = null,
    string? TwitterImageUrl = null,
    string? TwitterTitle = null,
    string? TwitterDescription = null);

/// <summary>Query of the article list.</summary>
public sealed record ArticleListQuery
{
    /// <summary><c>published</c> (default: visible articles), <c>scheduled</c>, <c>draft</c> or <c>all</c>.</summary>
    [FromQuery(Name = "status")]
    [AllowedValues(ArticleStatuses.Published, ArticleStatuses.Scheduled, ArticleStatuses.Draft, ArticleStatuses.All)]
    [DefaultValue(ArticleStatuses.Published)]
    public string? Status { get; init; }

    /// <summary>Only articles with any of these tags: one or more tag slugs, comma-separated.</summary>
    [FromQuery(Name = "tag")]
    public string? Tag { get; init; }

    /// <summary>Search words: each must appear (case-insensitive) in the title, the summary or a tag name.</summary>
    [FromQuery(Name = "q")]
    public string? Q { get; init; }

    /// <summary>Only articles published on or after this date (yyyy-MM-dd, UTC).</summary>
    [FromQuery(Name = "publishedFrom")]
    [DataType(DataType.Date)]
    public string? PublishedFrom { get; init; }

    /// <summary>Only articles published on or before this date (yyyy-MM-dd, UTC; the whole day counts).</summary>
    [FromQuery(Name = "publishedTo")]
    [DataType(DataType.Date)]
    public string? PublishedTo { get; init; }

    /// <summary><c>-publishedAt</c> (default), <c>publishedAt</c>, <c>title</c>, <c>-title</c>, <c>updatedAt</c> or <c>-updatedAt</c>; ties are broken by id.</summary>
    [FromQuery(Name = "sort")]
    [AllowedValues(ArticleSorts.Newest, ArticleSorts.Oldest, ArticleSorts.Title, ArticleSorts.TitleDescending, ArticleSorts.Updated, ArticleSorts.UpdatedDescending)]
    [DefaultValue(ArticleSorts.Newest)]
    public string? Sort { get; init; }

    /// <summary>Only these top-level fields of each item, comma-separated (e.g. <c>id,slug,title</c>).</summary>
    [FromQuery(Name = "fields")]
    public string? Fields { get; init; }
}

/// <summary>Options of a single-article read.</summary>
public sealed record ArticleReadQuery
{
    /// <summary>Which body formats to return, comma-separated: <c>markdown</c> (<c>body</c>), <c>html</c> (<c>bodyHtml</c>), <c>plaintext</c> (<c>bodyPlaintext</c>). Default <c>markdown,html</c>.</summary>
    [FromQuery(Name = "formats")]
    public string? Formats { get; init; }

    /// <summary>Only these top-level fields, comma-separated (e.g. <c>id,slug,title,bodyHtml</c>).</summary>
    [FromQuery(Name = "fields")]
    public string? Fields { get; init; }
}

/// <summary>Options of the "you may also like" list.</summary>
public sealed record SuggestionsQuery
{
    /// <summary>How many suggestions, 1–20 (default 3).</summary>
    [FromQuery(Name = "limit")]
    [Range(1, SuggestionsQueryValidator.MaxLimit)]
    [DefaultValue(SuggestionsQueryValidator.DefaultLimit)]
    public int? Limit { get; init; }

    /// <summary>Only these top-level fields of each item, comma-separated.</summary>
    [FromQuery(Name = "fields")]
    public string? Fields { get; init; }
}
