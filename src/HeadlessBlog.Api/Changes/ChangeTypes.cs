namespace HeadlessBlog.Api.Changes;

/// <summary>The event types of the change log, and the entities they are about.</summary>
public static class ChangeTypes
{
    public const string ArticleEntity = "article";
    public const string TagEntity = "tag";

    public const string ArticleCreated = "article.created";
    public const string ArticleUpdated = "article.updated";

    /// <summary>The article became visible to readers: published now, or its scheduled time passed.</summary>
    public const string ArticlePublished = "article.published";

    /// <summary>The article stopped being visible: a draft again, or rescheduled into the future.</summary>
    public const string ArticleUnpublished = "article.unpublished";
    public const string ArticleDeleted = "article.deleted";
    public const string TagCreated = "tag.created";
    public const string TagUpdated = "tag.updated";
    public const string TagDeleted = "tag.deleted";

    public static readonly string[] All =
    [
        ArticleCreated, ArticleUpdated, ArticlePublished, ArticleUnpublished, ArticleDeleted, TagCreated, TagUpdated, TagDeleted,
    ];
}
