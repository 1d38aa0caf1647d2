namespace HeadlessBlog.Data;

/// <summary>
/// A snapshot of an article as one write left it: every editable field, its tags and related articles in order, the
/// version the write produced, who wrote it and what it changed. Numbered from 1 per article; written by the change
/// log in the transaction of the write.
/// </summary>
public sealed class ArticleRevision
{
    public long Id { get; set; }
    public int ArticleId { get; set; }

    /// <summary>1, 2, … per article, in the order of its writes.</summary>
    public int Number { get; set; }

    /// <summary>The article's version after the write.</summary>
    public byte[] Version { get; set; } = [];

    public DateTime CreatedAt { get; set; }
    public int? ActorKeyId { get; set; }
    public string? ActorName { get; set; }

    /// <summary>Comma-separated camelCase names of the fields the write changed.</summary>
    public string ChangedFields { get; set; } = "";

    /// <summary>The revision a restore brought back; null for any other write.</summary>
    public int? RestoredFrom { get; set; }

    public required string Title { get; set; }
    public required string Slug { get; set; }
    public string? Summary { get; set; }
    public required string Body { get; set; }
    public string? FeatureImageUrl { get; set; }
    public string? FeatureImageAlt { get; set; }
    public string? FeatureImageCaption { get; set; }
    public string? MetaTitle { get; set; }
    public string? MetaDescription { get; set; }
    public string? CanonicalUrl { get; set; }
    public string? OgImageUrl { get; set; }
    public string? OgTitle { get; set; }
    public string? OgDescription { get; set; }
    public string? TwitterImageUrl { get; set; }
    public string? TwitterTitle { get; set; }
    public string? TwitterDescription { get; set; }
    public ArticleStatus Status { get; set; }
    public DateTime? PublishedAt { get; set; }

    /// <summary>The names of its tags in order, as a JSON array.</summary>
    public string Tags { get; set; } = "[]";

    /// <summary>The ids of its related articles in order, as a JSON array.</summary>
    public string Related { get; set; } = "[]";

    public Article Article { get; set; } = null!;
}
