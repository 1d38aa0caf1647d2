namespace HeadlessBlog.Data;

/// <summary>Field limits shared by the schema and the request validators.</summary>
public static class Limits
{
    public const int TitleMaxLength = 200;
    public const int SlugMaxLength = 200;
    public const int SummaryMaxLength = 500;
    public const int BodyMaxLength = 500_000;
    public const int UrlMaxLength = 2_000;
    public const int TagNameMaxLength = 64;
    public const int DescriptionMaxLength = 500;
    public const int MaxTagsPerArticle = 50;
    public const int MaxRelatedPerArticle = 50;
    public const int ExcerptMaxLength = 500;
    public const int WebhookEventsMaxLength = 500;

    /// <summary>SEO and social titles (<c>metaTitle</c>, <c>ogTitle</c>, <c>twitterTitle</c>).</summary>
    public const int MetaTitleMaxLength = 300;

    /// <summary>SEO and social descriptions, and a feature image's alt text.</summary>
    public const int MetaDescriptionMaxLength = 500;

    public const int CaptionMaxLength = 1_000;
}
