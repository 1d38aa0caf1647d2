namespace HeadlessBlog.Data;

/// <summary>
/// The optional page-head fields of an article (alt text and caption of the feature image, SEO and social metadata):
/// the same names on <see cref="Article"/>, <see cref="ArticleRevision"/> and in the API, in one list for the code that
/// copies or compares them all.
/// </summary>
public static class ArticleMetadata
{
    /// <summary>Each field and its longest length, as stored on articles and their revisions alike.</summary>
    public static readonly (string Property, int MaxLength)[] Fields =
    [
        (nameof(Article.FeatureImageAlt), Limits.MetaDescriptionMaxLength),
        (nameof(Article.FeatureImageCaption), Limits.CaptionMaxLength),
        (nameof(Article.MetaTitle), Limits.MetaTitleMaxLength),
        (nameof(Article.MetaDescription), Limits.MetaDescriptionMaxLength),
        (nameof(Article.CanonicalUrl), Limits.UrlMaxLength),
        (nameof(Article.OgImageUrl), Limits.UrlMaxLength),
        (nameof(Article.OgTitle), Limits.MetaTitleMaxLength),
        (nameof(Article.OgDescription), Limits.MetaDescriptionMaxLength),
        (nameof(Article.TwitterImageUrl), Limits.UrlMaxLength),
        (nameof(Article.TwitterTitle), Limits.MetaTitleMaxLength),
        (nameof(Article.TwitterDescription), Limits.MetaDescriptionMaxLength),
    ];

    public static readonly string[] Properties = [.. Fields.Select(f => f.Property)];

    /// <summary>The fields' columns on an article or a revision, each with its length.</summary>
    public static void Configure<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> builder)
        where T : class
    {
        foreach (var (property, maxLength) in Fields)
        {
            builder.Property<string?>(property).HasMaxLength(maxLength);
        }
    }
}
