namespace HeadlessBlog.Data;

/// <summary>
/// The optional page-head fields of an article (alt text and caption of the feature image, SEO and social metadata):
/// the same names on <see cref="Article"/>, <see cref="ArticleRevision"/> and in the API, in one list for the code that
/// copies or compares them all.
/// </summary>
public static class ArticleMetadata
{
    public static readonly string[] Properties =
    [
        nameof(Article.FeatureImageAlt),
        nameof(Article.FeatureImageCaption),
        nameof(Article.MetaTitle),
        nameof(Article.MetaDescription),
        nameof(Article.CanonicalUrl),
        nameof(Article.OgImageUrl),
        nameof(Article.OgTitle),
        nameof(Article.OgDescription),
        nameof(Article.TwitterImageUrl),
        nameof(Article.TwitterTitle),
        nameof(Article.TwitterDescription),
    ];
}
