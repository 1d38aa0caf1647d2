using System.Linq.Expressions;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Data;
using Mapster;
using Microsoft.EntityFrameworkCore.Query;

namespace HeadlessBlog.Api.Articles;

/// <summary>
/// Requests to entities through Mapster; entities to responses through the projections below, written out. An article's
/// tags come from the copy of them beside it (<see cref="Article.TagList"/>, one row joined by key): one query reads
/// articles with their tags, where a collection of assignments took a second one.
/// </summary>
public static class ArticleMapping
{
    public static readonly Expression<Func<Article, ArticleSummary>> ToSummary = a => new ArticleSummary
    {
        Id = a.Id,
        Slug = a.Slug,
        Title = a.Title,
        Summary = a.Summary,
        FeatureImageUrl = a.FeatureImageUrl,
        FeatureImageAlt = a.FeatureImageAlt,
        Status = a.Status == ArticleStatus.Published ? ArticleStatuses.Published : ArticleStatuses.Draft,
        PublishedAt = a.PublishedAt,
        UpdatedAt = a.UpdatedAt,
        Tags = StoredListJson.Tags(a.TagList!.Tags),
        Excerpt = a.Excerpt,
        WordCount = a.WordCount,
        ReadingTimeMinutes = a.ReadingTimeMinutes,
    };

    /// <summary>
    /// The placeholder for <see cref="ArticleResponse.Related"/> in <see cref="ToResponse"/>. A static field, because EF
    /// evaluates values in a query on every execution, and anything but a constant or a field (such as a call to
    /// <c>Array.Empty</c>) it compiles each time: a new dynamic method per request, JIT-compiled and then finalized.
    /// </summary>
    private static readonly IReadOnlyList<ArticleSummary> NoRelated = [];

    /// <summary>
    /// The article without <see cref="ArticleResponse.Related"/>, which <see cref="ToResponseWithRelated"/> or a second
    /// query fills (leaving out what a reader may not see): the fields of <see cref="ToSummary"/> and the rest.
    /// </summary>
    public static readonly Expression<Func<Article, ArticleResponse>> ToResponse = WithSummaryFields(a => new ArticleResponse
    {
        Id = default,
        Slug = default!,
        Title = default!,
        Status = default!,
        UpdatedAt = default,
        Tags = default!,
        Excerpt = default!,
        WordCount = default,
        ReadingTimeMinutes = default,
        Body = a.Body,
        BodyHtml = a.BodyHtml,
        BodyPlaintext = a.BodyPlainText,
        CreatedAt = a.CreatedAt,
        Version = Convert.ToHexStringLower(a.Version),
        Related = NoRelated,
        FeatureImageCaption = a.FeatureImageCaption,
        FeatureImageCaptionHtml = a.FeatureImageCaptionHtml,
        MetaTitle = a.MetaTitle,
        MetaDescription = a.MetaDescription,
        CanonicalUrl = a.CanonicalUrl,
        OgImageUrl = a.OgImageUrl,
        OgTitle = a.OgTitle,
        OgDescription = a.OgDescription,
        TwitterImageUrl = a.TwitterImageUrl,
        TwitterTitle = a.TwitterTitle,
        TwitterDescription = a.TwitterDescription,
    });

    /// <summary>
    /// <see cref="ToResponse"/> with <see cref="ArticleResponse.Related"/> filled: every related article (visible or
    /// not, which the caller decides) in link order, from <see cref="Article.RelatedList"/>, in the same statement.
    /// </summary>
    public static readonly Expression<Func<Article, ArticleResponse>> ToResponseWithRelated = WithRelated(ToResponse);

    private static Expression<Func<Article, ArticleResponse>> WithRelated(Expression<Func<Article, ArticleResponse>> projection)
    {
        Expression<Func<Article, IReadOnlyList<ArticleSummary>>> related = a => StoredListJson.Summaries(a.RelatedList!.Related);
        var article = projection.Parameters[0];
        var init = (MemberInitExpression)projection.Body;
        var bindings = init.Bindings.Select(b => b.Member.Name == nameof(ArticleResponse.Related)
            ? Expression.Bind(b.Member, ReplacingExpressionVisitor.Replace(related.Parameters[0], article, related.Body))
            : b);
        return Expression.Lambda<Func<Article, ArticleResponse>>(Expression.MemberInit(init.NewExpression, bindings), article);
    }

    /// <summary>
    /// <see cref="ToResponse"/> reading only the bodies of the chosen <paramref name="formats"/> (the others stay null
    /// and are never read from the database: a page of a sync need not load every article's plain text to drop it).
    /// </summary>
    public static Expression<Func<Article, ArticleResponse>> ToResponseIn(string? formats)
    {
        var chosen = BodyFormats.Parse(formats);
        var init = (MemberInitExpression)ToResponse.Body;
        MemberBinding Choose(MemberBinding binding, string format) =>
            chosen.Contains(format) || binding is not MemberAssignment assignment
                ? binding
                : Expression.Bind(assignment.Member, Expression.Constant(null, assignment.Expression.Type));
        var bindings = init.Bindings.Select(b => b.Member.Name switch
        {
            nameof(ArticleResponse.Body) => Choose(b, BodyFormats.Markdown),
            nameof(ArticleResponse.BodyHtml) => Choose(b, BodyFormats.Html),
            nameof(ArticleResponse.BodyPlaintext) => Choose(b, BodyFormats.Plaintext),
            _ => b,
        });
        return Expression.Lambda<Func<Article, ArticleResponse>>(Expression.MemberInit(init.NewExpression, bindings), ToResponse.Parameters);
    }

    /// <summary>
    /// <paramref name="projection"/> with every field that <see cref="ToSummary"/> sets taken from there (its own
    /// placeholders for them, which the compiler asks of a <c>required</c> member, are dropped): one list of summary
    /// fields for both projections.
    /// </summary>
    private static Expression<Func<Article, T>> WithSummaryFields<T>(Expression<Func<Article, T>> projection)
        where T : ArticleSummary
    {
        var article = projection.Parameters[0];
        var summary = (MemberInitExpression)ReplacingExpressionVisitor.Replace(ToSummary.Parameters[0], article, ToSummary.Body);
        var own = (MemberInitExpression)projection.Body;
        var fromSummary = summary.Bindings.Select(b => b.Member.Name).ToHashSet(StringComparer.Ordinal);
        return Expression.Lambda<Func<Article, T>>(
            Expression.MemberInit(own.NewExpression, [.. summary.Bindings, .. own.Bindings.Where(b => !fromSummary.Contains(b.Member.Name))]),
            article);
    }

    public static void Register(TypeAdapterConfig config)
    {
        config.NewConfig<ArticleRequest, Article>()
            .Map(d => d.Title, s => s.Title.Trim())
            .Map(d => d.NormalizedTitle, s => s.Title.Trim().ToUpperInvariant())
            .Map(d => d.Summary, s => ValidationRules.Clean(s.Summary))
            .Map(d => d.NormalizedSummary, s => string.IsNullOrWhiteSpace(s.Summary) ? "" : s.Summary.Trim().ToUpperInvariant())
            .Map(d => d.FeatureImageUrl, s => ValidationRules.Clean(s.FeatureImageUrl))
            .Map(d => d.FeatureImageAlt, s => ValidationRules.Clean(s.FeatureImageAlt))
            .Map(d => d.FeatureImageCaption, s => ValidationRules.Clean(s.FeatureImageCaption))
            .Map(d => d.MetaTitle, s => ValidationRules.Clean(s.MetaTitle))
            .Map(d => d.MetaDescription, s => ValidationRules.Clean(s.MetaDescription))
            .Map(d => d.CanonicalUrl, s => ValidationRules.Clean(s.CanonicalUrl))
            .Map(d => d.OgImageUrl, s => ValidationRules.Clean(s.OgImageUrl))
            .Map(d => d.OgTitle, s => ValidationRules.Clean(s.OgTitle))
            .Map(d => d.OgDescription, s => ValidationRules.Clean(s.OgDescription))
            .Map(d => d.TwitterImageUrl, s => ValidationRules.Clean(s.TwitterImageUrl))
            .Map(d => d.TwitterTitle, s => ValidationRules.Clean(s.TwitterTitle))
            .Map(d => d.TwitterDescription, s => ValidationRules.Clean(s.TwitterDescription))
            .Map(d => d.Status, s => ArticleStatuses.Parse(s.Status))
            .Ignore(
                d => d.Id, d => d.Slug, d => d.PublishedAt, d => d.CreatedAt, d => d.UpdatedAt,
                d => d.Version, d => d.Tags, d => d.TagList, d => d.RelatedList, d => d.RelatedLinks,
                d => d.BodyHtml, d => d.BodyPlainText, d => d.Excerpt, d => d.WordCount, d => d.ReadingTimeMinutes,
                d => d.FeatureImageCaptionHtml,
                d => d.DeletedAt, d => d.DeletedByKeyId, d => d.DeletedByName, d => d.TrashedRelations);
    }
}
