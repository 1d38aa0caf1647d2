using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using HeadlessBlog.Api.Http;
using Microsoft.AspNetCore.Mvc;

namespace HeadlessBlog.Api.Tags;

/// <summary>A tag that classifies articles.</summary>
/// <param name="Id">Database id.</param>
/// <param name="Name">Display name, unique case-insensitively.</param>
/// <param name="Slug">URL slug, unique.</param>
/// <param name="Description">Optional description.</param>
/// <param name="MetaTitle">Optional title for the tag page's <c>&lt;title&gt;</c>.</param>
/// <param name="MetaDescription">Optional meta description of the tag page.</param>
/// <param name="FeatureImageUrl">Optional absolute http(s) URL of the tag page's image.</param>
/// <param name="ArticleCount">Number of visible (published, not scheduled) articles with this tag.</param>
/// <param name="CreatedAt">When the tag was created (UTC).</param>
/// <param name="UpdatedAt">When the tag was last changed (UTC).</param>
/// <param name="Version">Concurrency version; changes on every update.</param>
public sealed record TagResponse(
    int Id,
    string Name,
    string Slug,
    string? Description,
    string? MetaTitle,
    string? MetaDescription,
    string? FeatureImageUrl,
    int ArticleCount,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string Version);

/// <summary>Creates a tag or replaces all of its fields.</summary>
/// <param name="Name">1–64 characters, unique case-insensitively.</param>
/// <param name="Slug">Optional; generated from the name when omitted on create, kept when omitted on update.</param>
/// <param name="Description">Optional, at most 500 characters.</param>
/// <param name="MetaTitle">Optional, at most 300 characters.</param>
/// <param name="MetaDescription">Optional, at most 500 characters.</param>
/// <param name="FeatureImageUrl">Optional absolute http or https URL, at most 2,000 characters.</param>
public sealed record TagRequest(
    string Name, string? Slug, string? Description, string? MetaTitle = null, string? MetaDescription = null, string? FeatureImageUrl = null);

/// <summary>Query of the tag list.</summary>
public sealed record TagListQuery
{
    /// <summary>Only tags whose name contains this text (case-insensitive).</summary>
    [FromQuery(Name = "q")]
    public string? Q { get; init; }

    /// <summary><c>name</c> (default) or <c>-articleCount</c> (most articles first, then by name).</summary>
    [FromQuery(Name = "sort")]
    [AllowedValues(TagSorts.Name, TagSorts.MostArticles)]
    [DefaultValue(TagSorts.Name)]
    public string? Sort { get; init; }

    /// <summary>Only these top-level fields of each item, comma-separated (e.g. <c>slug,name,articleCount</c>).</summary>
    [FromQuery(Name = "fields")]
    public string? Fields { get; init; }
}

/// <summary>Options of a single-tag read.</summary>
public sealed record TagReadQuery
{
    /// <summary>Only these top-level fields, comma-separated.</summary>
    [FromQuery(Name = "fields")]
    public string? Fields { get; init; }
}
