using System.Linq.Expressions;
using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Data;
using Mapster;

namespace HeadlessBlog.Api.Articles;

/// <summary>
/// Requests to entities through Mapster; entities to responses through the projections below, written out (generated
/// ones repeated the tag collection in the SQL, one join per repetition, multiplying rows; these join each collection once).
/// </summary>
public static class ArticleMapping
{
    public static readonly Expression<Func<Article, ArticleSummary>> ToSummary = a => new ArticleSummary(
        a.Id,
        a.Slug,
        a.Title,
        a.Summary,
        a.FeatureImageUrl,
        a.Status == ArticleStatus.Published ? ArticleStatuses.Published : ArticleStatuses.Draft,
        a.PublishedAt,
        a.UpdatedAt,
        a.Tags.OrderBy(t => t.Position).ThenBy(t => t.TagId).Select(t => new TagRef(t.Tag.Id, t.Tag.Name, t.Tag.Slug)).ToList(),
        a.Excerpt,
        a.WordCount,
        a.ReadingTimeMinutes);

    /// <summary>
    /// The placeholder for <see cref="ArticleResponse.Related"/> in <see cref="ToResponse"/>. A static field, because EF
    /// evaluates values in a query on every execution, and anything but a constant or a field (such as a call to
    /// <c>Array.Empty</c>) it compiles each time: a new dynamic method per request, JIT-compiled and then finalized.
    /// </summary>
    private static readonly IReadOnlyList<ArticleSummary> NoRelated = [];

    /// <summary>The article without <see cref="ArticleResponse.Related"/>, which a second query fills (leaving out what a reader may not see).</summary>
    public static readonly Expression<Func<Article, ArticleResponse>> ToResponse = a => new ArticleResponse(
        a.Id,
        a.Slug,
        a.Title,
        a.Summary,
        a.FeatureImageUrl,
        a.Status == ArticleStatus.Published ? ArticleStatuses.Published : ArticleStatuses.Draft,
        a.PublishedAt,
        a.UpdatedAt,
        a.Tags.OrderBy(t => t.Position).ThenBy(t => t.TagId).Select(t => new TagRef(t.Tag.Id, t.Tag.Name, t.Tag.Slug)).ToList(),
        a.Excerpt,
        a.WordCount,
        a.ReadingTimeMinutes,
        a.Body,
        a.BodyHtml,
        a.BodyPlainText,
        a.CreatedAt,
        Convert.ToHexStringLower(a.Version),
        NoRelated);

    public static void Register(TypeAdapterConfig config)
    {
        config.NewConfig<ArticleRequest, Article>()
            .Map(d => d.Title, s => s.Title.Trim())
            .Map(d => d.NormalizedTitle, s => s.Title.Trim().ToUpperInvariant())
            .Map(d => d.Summary, s => string.IsNullOrWhiteSpace(s.Summary) ? null : s.Summary.Trim())
            .Map(d => d.NormalizedSummary, s => string.IsNullOrWhiteSpace(s.Summary) ? "" : s.Summary.Trim().ToUpperInvariant())
            .Map(d => d.FeatureImageUrl, s => string.IsNullOrWhiteSpace(s.FeatureImageUrl) ? null : s.FeatureImageUrl.Trim())
            .Map(d => d.Status, s => ArticleStatuses.Parse(s.Status))
            .Ignore(
                d => d.Id, d => d.Slug, d => d.PublishedAt, d => d.CreatedAt, d => d.UpdatedAt,
                d => d.Version, d => d.Tags, d => d.RelatedLinks,
                d => d.BodyHtml, d => d.BodyPlainText, d => d.Excerpt, d => d.WordCount, d => d.ReadingTimeMinutes);
    }
}
