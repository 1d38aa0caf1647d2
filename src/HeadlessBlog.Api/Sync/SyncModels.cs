using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace HeadlessBlog.Api.Sync;

public static class SyncKinds
{
    public const string Article = "article";
    public const string Tag = "tag";
}

public static class SyncOps
{
    public const string Upsert = "upsert";
    public const string Delete = "delete";
}

/// <summary>One article or tag to store (<c>upsert</c>, with its current state) or to forget (<c>delete</c>).</summary>
/// <param name="Kind"><c>article</c> or <c>tag</c>.</param>
/// <param name="Op"><c>upsert</c> or <c>delete</c>.</param>
/// <param name="Id">The article's or tag's id.</param>
/// <param name="Slug">Its current slug (for a delete: the last one it had).</param>
/// <param name="Data">For an upsert, the whole Article (as <c>GET /api/articles/{id}</c> shows it, in the formats asked for) or Tag; null for a delete.</param>
public sealed record SyncItem(string Kind, string Op, int Id, string Slug, object? Data);

/// <summary>A page of a sync.</summary>
/// <param name="Items">What to store or forget, in order.</param>
/// <param name="NextToken">The token for the next page; when <c>hasMore</c> is false, the token to poll with later.</param>
/// <param name="HasMore">Whether more is there to fetch at once.</param>
public sealed record SyncPage(IReadOnlyList<SyncItem> Items, string NextToken, bool HasMore);

/// <summary>Query of a sync.</summary>
public sealed record SyncQuery
{
    /// <summary>The token of the previous page or sync; none to start an initial sync.</summary>
    [FromQuery(Name = "token")]
    public string? Token { get; init; }

    /// <summary>Items per page, 1–500 (default 100).</summary>
    [FromQuery(Name = "limit")]
    [Range(1, 500)]
    [DefaultValue(100)]
    public int? Limit { get; init; }

    /// <summary>Body formats of the articles, comma-separated: <c>markdown</c>, <c>html</c>, <c>plaintext</c> (default <c>markdown,html</c>).</summary>
    [FromQuery(Name = "formats")]
    public string? Formats { get; init; }
}
