using HeadlessBlog.Api.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace HeadlessBlog.Api.Articles;

/// <summary>A tag as shown on an article.</summary>
public sealed record TagRef(int Id, string Name, string Slug);

/// <summary>An article without its body, as shown in lists.</summary>
/// <param name="Id">Database id.</param>
/// <param name="Slug">URL slug, unique.</param>
/// <param name="Title">Title.</param>
/// <param name="Summary">Optional summary.</param>
/// <param name="FeatureImageUrl">Optional absolute http(s) URL of the feature image.</param>
/// <param name="Status"><c>draft</c> or <c>published</c>.</param>
/// <param name="PublishedAt">When the article was (or will be) published (UTC); null for an article never published.</param>
/// <param name="UpdatedAt">When the article was last changed (UTC).</param>
/// <param name="Tags">Tags in order; the first is the primary tag.</param>
public sealed record ArticleSummary(
    int Id,
    string Slug,
    string Title,
    string? Summary,
    string? FeatureImageUrl,
    string Status,
    DateTime? PublishedAt,
    DateTime UpdatedAt,
    IReadOnlyList<TagRef> Tags);

/// <summary>A whole article.</summary>
/// <param name="Id">Database id.</param>
/// <param name="Slug">URL slug, unique.</param>
/// <param name="Title">Title.</param>
/// <param name="Summary">Optional summary.</param>
/// <param name="FeatureImageUrl">Optional absolute http(s) URL of the feature image.</param>
/// <param name="Status"><c>draft</c> or <c>published</c>.</param>
/// <param name="PublishedAt">When the article was (or will be) published (UTC); null for an article never published.</param>
/// <param name="UpdatedAt">When the article was last changed (UTC).</param>
/// <param name="Tags">Tags in order; the first is the primary tag.</param>
/// <param name="Body">Markdown body.</param>
/// <param name="CreatedAt">When the article was created (UTC).</param>
/// <param name="Version">Concurrency version; changes on every update.</param>
/// <param name="Related">Hand-picked related articles, in link order.</param>
public sealed record ArticleResponse(
    int Id,
    string Slug,
    string Title,
    string? Summary,
    string? FeatureImageUrl,
    string Status,
    DateTime? PublishedAt,
    DateTime UpdatedAt,
    IReadOnlyList<TagRef> Tags,
    string Body,
    DateTime CreatedAt,
    string Version,
    IReadOnlyList<ArticleSummary> Related);

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
public sealed record ArticleRequest(
    string Title,
    string? Slug,
    string? Summary,
    string Body,
    string? FeatureImageUrl,
    string? Status,
    DateTimeOffset? PublishedAt,
    IReadOnlyList<string>? Tags,
    IReadOnlyList<int>? RelatedArticleIds);

/// <summary>Query of the article list.</summary>
public sealed record ArticleListQuery : IPagedQuery
{
    /// <summary>Page number, from 1.</summary>
    [FromQuery(Name = "page")]
    public string? Page { get; init; }

    /// <summary>Items per page, 1–100 (default 20).</summary>
    [FromQuery(Name = "pageSize")]
    public string? PageSize { get; init; }

    /// <summary><c>published</c> (default), <c>draft</c> or <c>all</c>.</summary>
    [FromQuery(Name = "status")]
    public string? Status { get; init; }

    /// <summary>Only articles with the tag of this slug.</summary>
    [FromQuery(Name = "tag")]
    public string? Tag { get; init; }

    /// <summary>Only articles whose title contains this text (case-insensitive).</summary>
    [FromQuery(Name = "q")]
    public string? Q { get; init; }
}

/// <summary>Replaces the whole ordered list of related articles.</summary>
/// <param name="ArticleIds">Ids of the related articles, in order; no duplicates, not the article itself.</param>
public sealed record RelatedListRequest(IReadOnlyList<int> ArticleIds);

/// <summary>Adds one related article.</summary>
/// <param name="ArticleId">Id of the article to link to.</param>
/// <param name="Position">Optional 0-based position to insert at; appended when omitted.</param>
/// <param name="Reciprocal">When true, also appends the link back from the target to this article.</param>
public sealed record AddRelatedRequest(int ArticleId, int? Position, bool? Reciprocal);
