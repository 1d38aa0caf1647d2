using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using HeadlessBlog.Api.Articles;
using Microsoft.AspNetCore.Mvc;

namespace HeadlessBlog.Api.Revisions;

/// <summary>Who made a write: the API key's id and name (null for the system's own work).</summary>
public sealed record RevisionActor(int? KeyId, string? Name);

/// <summary>A revision as listed: what the write changed, without the body.</summary>
public record RevisionSummary
{
    /// <summary>1, 2, … per article, in the order of its writes.</summary>
    public required int Number { get; init; }

    /// <summary>The article's version after the write (its ETag then).</summary>
    public required string Version { get; init; }

    /// <summary>When the write was made (UTC).</summary>
    public required DateTime CreatedAt { get; init; }

    public required RevisionActor Actor { get; init; }

    /// <summary>The fields the write changed (camelCase, as in request bodies; <c>tags</c> and <c>related</c> for the lists).</summary>
    public required IReadOnlyList<string> ChangedFields { get; init; }

    public required string Title { get; init; }

    /// <summary><c>draft</c> or <c>published</c>, as stored.</summary>
    public required string Status { get; init; }

    /// <summary>The revision a restore brought back; absent for other writes.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? RestoredFrom { get; init; }
}

/// <summary>A whole revision: the article's every editable field as the write left it.</summary>
public sealed record RevisionResponse : RevisionSummary
{
    public RevisionResponse()
    {
    }

    /// <summary>The revision's listed fields; the snapshot's are set by the caller.</summary>
    [SetsRequiredMembers]
    public RevisionResponse(RevisionSummary summary)
        : base(summary)
    {
        Slug = "";
        Body = "";
        Tags = [];
        RelatedArticleIds = [];
    }

    public required string Slug { get; init; }

    public string? Summary { get; init; }

    public required string Body { get; init; }

    public string? FeatureImageUrl { get; init; }

    public string? FeatureImageAlt { get; init; }

    public string? FeatureImageCaption { get; init; }

    public string? MetaTitle { get; init; }

    public string? MetaDescription { get; init; }

    public string? CanonicalUrl { get; init; }

    public string? OgImageUrl { get; init; }

    public string? OgTitle { get; init; }

    public string? OgDescription { get; init; }

    public string? TwitterImageUrl { get; init; }

    public string? TwitterTitle { get; init; }

    public string? TwitterDescription { get; init; }

    public DateTime? PublishedAt { get; init; }

    /// <summary>Tag names in order (the first is the primary tag).</summary>
    public required IReadOnlyList<string> Tags { get; init; }

    /// <summary>Related article ids in order.</summary>
    public required IReadOnlyList<int> RelatedArticleIds { get; init; }
}

/// <summary>A scalar field's value in the two revisions (timestamps in ISO 8601).</summary>
public sealed record FieldChange(string? From, string? To);

/// <summary>How an ordered list changed: items only in the newer revision, only in the older one, and those at another place.</summary>
public sealed record ListChange<T>(IReadOnlyList<T> Added, IReadOnlyList<T> Removed, IReadOnlyList<T> Moved);

/// <summary>
/// A hunk of a unified diff: lines <paramref name="OldStart"/>… of the older body (1-based, <paramref name="OldLines"/> of
/// them) against <paramref name="NewStart"/>… of the newer; each line starts with " " (both), "-" (older) or "+" (newer).
/// </summary>
public sealed record DiffHunk(int OldStart, int OldLines, int NewStart, int NewLines, IReadOnlyList<string> Lines);

public sealed record BodyDiff(IReadOnlyList<DiffHunk> Hunks);

/// <summary>What changed from revision <paramref name="From"/> to revision <paramref name="To"/>.</summary>
public sealed record RevisionDiff(
    int From,
    int To,
    IReadOnlyDictionary<string, FieldChange> Fields,
    ListChange<string> Tags,
    ListChange<int> Related,
    BodyDiff Body);

/// <summary>Options of a diff.</summary>
public sealed record DiffQuery
{
    /// <summary>The revision to compare with (default: the one before).</summary>
    [FromQuery(Name = "against")]
    [Range(1, int.MaxValue)]
    public int? Against { get; init; }
}

/// <summary>The article after a restore, with what could not be brought back.</summary>
public sealed record RestoredArticle : ArticleResponse
{
    [SetsRequiredMembers]
    public RestoredArticle(ArticleResponse article, IReadOnlyList<string> warnings)
        : base(article) => Warnings = warnings;

    /// <summary>What the restore could not bring back (related articles that no longer exist).</summary>
    [JsonPropertyOrder(2)]
    public IReadOnlyList<string> Warnings { get; init; }
}
