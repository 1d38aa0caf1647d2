using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Publishing;

namespace HeadlessBlog.Api.Articles;

public static class ArticleSorts
{
    public const string Newest = "-publishedAt";
    public const string Oldest = "publishedAt";
    public const string Title = "title";
    public const string TitleDescending = "-title";
    public const string Updated = "updatedAt";
    public const string UpdatedDescending = "-updatedAt";
    public static readonly string[] All = [Newest, Oldest, Title, TitleDescending, Updated, UpdatedDescending];
}

public static class BodyFormats
{
    public const string Markdown = "markdown";
    public const string Html = "html";
    public const string Plaintext = "plaintext";
    public static readonly string[] All = [Markdown, Html, Plaintext];
    public static readonly string[] Default = [Markdown, Html];

    public static string[] Parse(string? formats) =>
        QueryValues.SplitList(formats) is { Length: > 0 } chosen ? chosen : Default;

    /// <summary>Keeps only the body fields of the chosen formats.</summary>
    public static ArticleResponse Select(this ArticleResponse article, string? formats)
    {
        var chosen = Parse(formats);
        return article with
        {
            Body = chosen.Contains(Markdown) ? article.Body : null,
            BodyHtml = chosen.Contains(Html) ? article.BodyHtml : null,
            BodyPlaintext = chosen.Contains(Plaintext) ? article.BodyPlaintext : null,
        };
    }
}

/// <summary>Responses show the status a reader sees now (<see cref="ArticleStatuses.Effective(string, DateTime?, DateTime)"/>).</summary>
public static class EffectiveStatus
{
    public static ArticleSummary WithEffectiveStatus(this ArticleSummary article, DateTime now) =>
        article with { Status = ArticleStatuses.Effective(article.Status, article.PublishedAt, now) };

    public static ArticleResponse WithEffectiveStatus(this ArticleResponse article, DateTime now) =>
        article with
        {
            Status = ArticleStatuses.Effective(article.Status, article.PublishedAt, now),
            Related = [.. article.Related.Select(r => r.WithEffectiveStatus(now))],
        };
}

/// <summary>The page head of an article (<see cref="ArticleSeo"/>), computed when it is answered.</summary>
public static class SeoFallbacks
{
    public static ArticleResponse WithSeo(this ArticleResponse a, SiteOptions site)
    {
        var title = a.MetaTitle ?? a.Title;
        var description = a.MetaDescription ?? (string.IsNullOrWhiteSpace(a.Summary) ? a.Excerpt : a.Summary);
        var canonical = a.CanonicalUrl ?? (site.HasUrl ? site.ArticleUrl(a.Slug) : null);
        return a with
        {
            Seo = new ArticleSeo(
                title,
                description,
                canonical,
                a.FeatureImageUrl,
                a.FeatureImageAlt,
                new SocialCard(a.OgTitle ?? title, a.OgDescription ?? description, a.OgImageUrl ?? a.FeatureImageUrl),
                new SocialCard(a.TwitterTitle ?? title, a.TwitterDescription ?? description, a.TwitterImageUrl ?? a.FeatureImageUrl)),
        };
    }
}
