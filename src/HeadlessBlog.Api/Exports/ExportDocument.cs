using System.Text.Json.Serialization;

namespace HeadlessBlog.Api.Exports;

/// <summary>
/// The HeadlessBlog export format, version 1: all content of a blog in one JSON document that an import reads back.
/// Property names are fixed here (not by a naming policy) because the format outlives any one build of the app.
/// Every optional field is written, as <c>null</c> when absent; a reader ignores properties it does not know, so a
/// later version may add fields without breaking earlier readers (a change that would break them raises the version).
/// </summary>
public sealed record ExportDocument
{
    /// <summary>Always <c>headlessblog</c> (<see cref="ExportFormat.Name"/>): tells this format from other JSON exports.</summary>
    [JsonPropertyName("format")]
    public required string Format { get; init; }

    /// <summary>The format's version (<see cref="ExportFormat.Version"/>).</summary>
    [JsonPropertyName("version")]
    public required int Version { get; init; }

    /// <summary>When the export was taken (UTC).</summary>
    [JsonPropertyName("exportedAt")]
    public DateTime ExportedAt { get; init; }

    /// <summary>Every tag, in the order they were created; articles name their tags by slug.</summary>
    [JsonPropertyName("tags")]
    public IReadOnlyList<ExportTag> Tags { get; init; } = [];

    /// <summary>Every article (drafts, scheduled and published), in the order they were created.</summary>
    [JsonPropertyName("articles")]
    public IReadOnlyList<ExportArticle> Articles { get; init; } = [];

    /// <summary>Every old slug that redirects to an article's or a tag's current slug.</summary>
    [JsonPropertyName("redirects")]
    public IReadOnlyList<ExportRedirect> Redirects { get; init; } = [];
}

/// <summary>The constants of the format.</summary>
public static class ExportFormat
{
    /// <summary>The value of <see cref="ExportDocument.Format"/>.</summary>
    public const string Name = "headlessblog";

    /// <summary>The version this build writes (and the highest it reads).</summary>
    public const int Version = 1;

    /// <summary>The media type of the document.</summary>
    public const string MediaType = "application/json";
}

/// <summary>A tag with every field it has.</summary>
public sealed record ExportTag
{
    /// <summary>Display name, unique case-insensitively.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>URL slug, unique: the key an import matches tags by.</summary>
    [JsonPropertyName("slug")]
    public required string Slug { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("metaTitle")]
    public string? MetaTitle { get; init; }

    [JsonPropertyName("metaDescription")]
    public string? MetaDescription { get; init; }

    /// <summary>Absolute http(s) URL of the tag page's image.</summary>
    [JsonPropertyName("featureImageUrl")]
    public string? FeatureImageUrl { get; init; }

    /// <summary>When the tag was created (UTC).</summary>
    [JsonPropertyName("createdAt")]
    public DateTime CreatedAt { get; init; }

    /// <summary>When the tag was last changed (UTC).</summary>
    [JsonPropertyName("updatedAt")]
    public DateTime UpdatedAt { get; init; }
}

/// <summary>
/// An article with every field it has as written (the body in Markdown; what is derived from it on save — HTML, plain
/// text, excerpt, word count, reading time, the caption's HTML — is not exported: an import renders it again).
/// </summary>
public sealed record ExportArticle
{
    /// <summary>URL slug, unique: the key an import matches articles by.</summary>
    [JsonPropertyName("slug")]
    public required string Slug { get; init; }

    [JsonPropertyName("title")]
    public required string Title { get; init; }

    [JsonPropertyName("summary")]
    public string? Summary { get; init; }

    /// <summary>The body as written, in Markdown.</summary>
    [JsonPropertyName("body")]
    public required string Body { get; init; }

    /// <summary>
    /// <c>draft</c>, <c>scheduled</c> or <c>published</c>, as the API showed it at <see cref="ExportDocument.ExportedAt"/>.
    /// <c>scheduled</c> is a published article whose <see cref="PublishedAt"/> had not come yet: an import stores
    /// <c>scheduled</c> and <c>published</c> alike as published with that time, so it appears when its time comes.
    /// </summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    /// <summary>When the article was (or will be) published (UTC); null for an article never published.</summary>
    [JsonPropertyName("publishedAt")]
    public DateTime? PublishedAt { get; init; }

    /// <summary>When the article was created (UTC).</summary>
    [JsonPropertyName("createdAt")]
    public DateTime CreatedAt { get; init; }

    /// <summary>When the article was last changed (UTC).</summary>
    [JsonPropertyName("updatedAt")]
    public DateTime UpdatedAt { get; init; }

    [JsonPropertyName("featureImageUrl")]
    public string? FeatureImageUrl { get; init; }

    [JsonPropertyName("featureImageAlt")]
    public string? FeatureImageAlt { get; init; }

    /// <summary>Caption of the feature image as written (inline Markdown).</summary>
    [JsonPropertyName("featureImageCaption")]
    public string? FeatureImageCaption { get; init; }

    [JsonPropertyName("metaTitle")]
    public string? MetaTitle { get; init; }

    [JsonPropertyName("metaDescription")]
    public string? MetaDescription { get; init; }

    [JsonPropertyName("canonicalUrl")]
    public string? CanonicalUrl { get; init; }

    [JsonPropertyName("ogImageUrl")]
    public string? OgImageUrl { get; init; }

    [JsonPropertyName("ogTitle")]
    public string? OgTitle { get; init; }

    [JsonPropertyName("ogDescription")]
    public string? OgDescription { get; init; }

    [JsonPropertyName("twitterImageUrl")]
    public string? TwitterImageUrl { get; init; }

    [JsonPropertyName("twitterTitle")]
    public string? TwitterTitle { get; init; }

    [JsonPropertyName("twitterDescription")]
    public string? TwitterDescription { get; init; }

    /// <summary>The article's tags in order (the first is the primary tag), each also listed in <see cref="ExportDocument.Tags"/>.</summary>
    [JsonPropertyName("tags")]
    public IReadOnlyList<ExportTagRef> Tags { get; init; } = [];

    /// <summary>Slugs of the hand-picked related articles, in order; each is an article of the same document.</summary>
    [JsonPropertyName("related")]
    public IReadOnlyList<string> Related { get; init; } = [];
}

/// <summary>A tag as named on an article: its name and slug (the slug is the key; the name is for readers of the file).</summary>
public sealed record ExportTagRef
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("slug")]
    public required string Slug { get; init; }
}

/// <summary>An old slug that redirects to the current slug of an article or a tag of the same document.</summary>
public sealed record ExportRedirect
{
    /// <summary><c>article</c> or <c>tag</c> (<see cref="ExportRedirectTypes"/>).</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>The old slug.</summary>
    [JsonPropertyName("from")]
    public required string From { get; init; }

    /// <summary>The current slug of the article or tag it redirects to.</summary>
    [JsonPropertyName("to")]
    public required string To { get; init; }
}

/// <summary>The values of <see cref="ExportRedirect.Type"/>.</summary>
public static class ExportRedirectTypes
{
    public const string Article = "article";
    public const string Tag = "tag";
}

/// <summary>Serialization of the format's records without reflection (names come from the attributes above).</summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Default)]
[JsonSerializable(typeof(ExportDocument))]
[JsonSerializable(typeof(ExportTag))]
[JsonSerializable(typeof(ExportArticle))]
[JsonSerializable(typeof(ExportRedirect))]
public sealed partial class ExportJsonContext : JsonSerializerContext;
