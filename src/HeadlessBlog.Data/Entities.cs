namespace HeadlessBlog.Data;

/// <summary>An entity whose row carries an optimistic-concurrency version.</summary>
public interface IVersioned
{
    byte[] Version { get; set; }
}

public sealed class Article : IVersioned
{
    public int Id { get; set; }
    public required string Title { get; set; }

    /// <summary>Upper-case invariant form of <see cref="Title"/>: case-insensitive search in every alphabet, on every provider.</summary>
    public string NormalizedTitle { get; set; } = "";
    public required string Slug { get; set; }
    public string? Summary { get; set; }

    /// <summary>Upper-case invariant form of <see cref="Summary"/> ("" when none), for search.</summary>
    public string NormalizedSummary { get; set; } = "";
    public required string Body { get; set; }

    /// <summary>The body rendered to sanitized HTML on save.</summary>
    public string BodyHtml { get; set; } = "";

    /// <summary>The body's text without markup, on save.</summary>
    public string BodyPlainText { get; set; } = "";

    /// <summary>The summary, or the start of the plain text, on save.</summary>
    public string Excerpt { get; set; } = "";
    public int WordCount { get; set; }
    public int ReadingTimeMinutes { get; set; }
    public string? FeatureImageUrl { get; set; }

    /// <summary>Alt text of the feature image.</summary>
    public string? FeatureImageAlt { get; set; }

    /// <summary>Caption of the feature image (inline Markdown, e.g. a credit with a link).</summary>
    public string? FeatureImageCaption { get; set; }

    /// <summary>The caption rendered to sanitized inline HTML (kept in step on every save).</summary>
    public string? FeatureImageCaptionHtml { get; set; }

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
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public byte[] Version { get; set; } = [];

    /// <summary>
    /// When the article was moved to the trash; null while it is not. The model's <see cref="TrashFilter"/> hides
    /// trashed articles from every query that does not ask for them by name.
    /// </summary>
    public DateTime? DeletedAt { get; set; }

    /// <summary>The API key that moved it to the trash (none for the system's own work).</summary>
    public int? DeletedByKeyId { get; set; }

    /// <summary>The name of that key when it did.</summary>
    public string? DeletedByName { get; set; }

    /// <summary>
    /// While in the trash: its tag assignments and its related links from and to other articles as they were (JSON),
    /// which the move takes out of their tables so that no tag page, count, suggestion or related list shows it.
    /// </summary>
    public string? TrashedRelations { get; set; }

    public List<ArticleTag> Tags { get; set; } = [];
    public List<ArticleLink> RelatedLinks { get; set; } = [];

    /// <summary>The copy of the article's tags in order that reads show (see <see cref="ArticleTagList"/>).</summary>
    public ArticleTagList? TagList { get; set; }

    /// <summary>The article's related articles as reads show them (see <see cref="ArticleRelatedList"/>); read only.</summary>
    public ArticleRelatedList? RelatedList { get; set; }

    /// <summary>The name of the query filter that leaves out articles in the trash.</summary>
    public const string TrashFilter = "Trash";
}

public enum ArticleStatus
{
    Draft = 0,
    Published = 1,
}

public sealed class Tag : IVersioned
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>Upper-case invariant form of <see cref="Name"/>: the key for case-insensitive uniqueness on every provider.</summary>
    public required string NormalizedName { get; set; }
    public required string Slug { get; set; }
    public string? Description { get; set; }
    public string? MetaTitle { get; set; }
    public string? MetaDescription { get; set; }
    public string? FeatureImageUrl { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public byte[] Version { get; set; } = [];

    public List<ArticleTag> Articles { get; set; } = [];
}

/// <summary>Assignment of a tag to an article; <see cref="Position"/> 0 is the primary tag.</summary>
public sealed class ArticleTag
{
    public int ArticleId { get; set; }
    public int TagId { get; set; }
    public int Position { get; set; }

    /// <summary>
    /// Copy of the article's <see cref="Article.Status"/>, kept in step on every save by <see cref="BlogDbContext"/>:
    /// with <see cref="ArticlePublishedAt"/> it lets a tag page, a tag's article count and suggestions read one index
    /// of this table instead of looking up every article of the tag.
    /// </summary>
    public ArticleStatus ArticleStatus { get; set; }

    /// <summary>Copy of the article's <see cref="Article.PublishedAt"/> (see <see cref="ArticleStatus"/>).</summary>
    public DateTime? ArticlePublishedAt { get; set; }

    public Article Article { get; set; } = null!;
    public Tag Tag { get; set; } = null!;
}

/// <summary>A hand-picked "related article" link from <see cref="SourceArticleId"/> to <see cref="TargetArticleId"/>.</summary>
public sealed class ArticleLink
{
    public int SourceArticleId { get; set; }
    public int TargetArticleId { get; set; }
    public int Position { get; set; }

    public Article Source { get; set; } = null!;
    public Article Target { get; set; } = null!;
}

/// <summary>A slug something had before, redirected to its current one.</summary>
public interface ISlugRedirect
{
    string Slug { get; }
}

/// <summary>A slug an article had before: requests for it are redirected to the article's current slug.</summary>
public sealed class ArticleSlugRedirect : ISlugRedirect
{
    public required string Slug { get; set; }
    public int ArticleId { get; set; }
    public Article Article { get; set; } = null!;
}

/// <summary>A slug a tag had before: requests for it are redirected to the tag's current slug.</summary>
public sealed class TagSlugRedirect : ISlugRedirect
{
    public required string Slug { get; set; }
    public int TagId { get; set; }
    public Tag Tag { get; set; } = null!;
}

/// <summary>
/// An API key. The key itself is shown once when created and never stored: only its public
/// <see cref="Prefix"/> (to find it) and a SHA-256 hash of its secret part.
/// </summary>
public sealed class ApiKey
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required byte[] SecretHash { get; set; }

    /// <summary>Space-separated scopes, e.g. "content:write".</summary>
    public required string Scopes { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
