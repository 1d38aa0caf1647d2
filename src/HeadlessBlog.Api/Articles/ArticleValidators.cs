using FluentValidation;
using HeadlessBlog.Api.Delivery;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Data;

namespace HeadlessBlog.Api.Articles;

public sealed class ArticleRequestValidator : AbstractValidator<ArticleRequest>
{
    public ArticleRequestValidator()
    {
        RuleFor(r => r.Title).TrimmedLength(1, Limits.TitleMaxLength);
        RuleFor(r => r.Slug).ValidSlug();
        RuleFor(r => r.Summary).MaximumLength(Limits.SummaryMaxLength);
        RuleFor(r => r.Body)
            .NotNull().WithMessage("'body' is required.")
            .Must(b => !string.IsNullOrWhiteSpace(b)).WithMessage("'body' must not be empty.")
            .MaximumLength(Limits.BodyMaxLength);
        RuleFor(r => r.FeatureImageUrl).HttpUrl();
        RuleFor(r => r.FeatureImageAlt).MaximumLength(Limits.MetaDescriptionMaxLength);
        RuleFor(r => r.FeatureImageCaption).MaximumLength(Limits.CaptionMaxLength);
        RuleFor(r => r.MetaTitle).MaximumLength(Limits.MetaTitleMaxLength);
        RuleFor(r => r.MetaDescription).MaximumLength(Limits.MetaDescriptionMaxLength);
        RuleFor(r => r.CanonicalUrl).HttpUrl();
        RuleFor(r => r.OgImageUrl).HttpUrl();
        RuleFor(r => r.OgTitle).MaximumLength(Limits.MetaTitleMaxLength);
        RuleFor(r => r.OgDescription).MaximumLength(Limits.MetaDescriptionMaxLength);
        RuleFor(r => r.TwitterImageUrl).HttpUrl();
        RuleFor(r => r.TwitterTitle).MaximumLength(Limits.MetaTitleMaxLength);
        RuleFor(r => r.TwitterDescription).MaximumLength(Limits.MetaDescriptionMaxLength);
        RuleFor(r => r.Status)
            .Must(s => s is null or ArticleStatuses.Draft or ArticleStatuses.Published)
            .WithMessage("'status' must be 'draft' or 'published'.");
        RuleFor(r => r.Tags)
            .Must(t => t is null || t.Count <= Limits.MaxTagsPerArticle)
            .WithMessage($"An article has at most {Limits.MaxTagsPerArticle} tags.");
        RuleForEach(r => r.Tags).TrimmedLength(1, Limits.TagNameMaxLength).OverridePropertyName("tags");
        RuleFor(r => r.RelatedArticleIds)
            .Must(ids => ids is null || ids.Count <= Limits.MaxRelatedPerArticle)
            .WithMessage($"An article has at most {Limits.MaxRelatedPerArticle} related articles.")
            .Must(ids => ids is null || ids.Distinct().Count() == ids.Count)
            .WithMessage("'relatedArticleIds' must not contain the same id twice.");
        RuleForEach(r => r.RelatedArticleIds).GreaterThan(0).OverridePropertyName("relatedArticleIds");
    }
}

public sealed class ArticleListQueryValidator : AbstractValidator<ArticleListQuery>
{
    public ArticleListQueryValidator()
    {
        RuleFor(q => q.Status)
            .Must(s => s is null or ArticleStatuses.Draft or ArticleStatuses.Scheduled or ArticleStatuses.Published or ArticleStatuses.All)
            .WithMessage("'status' must be 'published', 'scheduled', 'draft' or 'all'.");
        RuleFor(q => q.Tag)
            .MaximumLength(1_000)
            .Must(t => QueryValues.SplitList(t).Length <= 20).WithMessage("'tag' takes at most 20 tag slugs.");
        RuleFor(q => q.Q)
            .MaximumLength(200)
            .Must(q => ArticleListQueries.SearchWords(q).Length <= ArticleListQueries.MaxSearchWords)
            .WithMessage($"'q' takes at most {ArticleListQueries.MaxSearchWords} words.");
        RuleFor(q => q.PublishedFrom)
            .Must(d => d is null || QueryValues.ParseDate(d) is not null)
            .WithMessage("'publishedFrom' must be a date like 2026-01-31.");
        RuleFor(q => q.PublishedTo)
            .Must(d => d is null || QueryValues.ParseDate(d) is not null)
            .WithMessage("'publishedTo' must be a date like 2026-01-31.");
        RuleFor(q => q.Sort)
            .Must(s => s is null || ArticleSorts.All.Contains(s))
            .WithMessage($"'sort' must be one of {string.Join(", ", ArticleSorts.All)}.");
        RuleFor(q => q.Fields).KnownFields<ArticleListQuery, ArticleSummary>();
    }
}

public sealed class ArticleReadQueryValidator : AbstractValidator<ArticleReadQuery>
{
    public ArticleReadQueryValidator()
    {
        RuleFor(q => q.Formats)
            .Must(f => QueryValues.SplitList(f).All(BodyFormats.All.Contains))
            .WithMessage($"'formats' takes a comma-separated list of {string.Join(", ", BodyFormats.All)}.");
        RuleFor(q => q.Fields).KnownFields<ArticleReadQuery, ArticleResponse>();
    }
}

public sealed class SuggestionsQueryValidator : AbstractValidator<SuggestionsQuery>
{
    public const int MaxLimit = 20;
    public const int DefaultLimit = 3;

    public SuggestionsQueryValidator()
    {
        RuleFor(q => q.Fields).KnownFields<SuggestionsQuery, ArticleSummary>();
    }

    public static int LimitOf(SuggestionsQuery query) => query.Limit ?? DefaultLimit;
}
