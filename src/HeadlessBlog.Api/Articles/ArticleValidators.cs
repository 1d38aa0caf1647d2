using FluentValidation;
using HeadlessBlog.Api.Infrastructure;
using HeadlessBlog.Data;

namespace HeadlessBlog.Api.Articles;

public static class ArticleStatuses
{
    public const string Draft = "draft";
    public const string Published = "published";
    public const string All = "all";

    public static ArticleStatus Parse(string? status) =>
        status == Published ? ArticleStatus.Published : ArticleStatus.Draft;
}

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
        RuleFor(r => r.FeatureImageUrl)
            .MaximumLength(Limits.UrlMaxLength)
            .Must(BeHttpUrl).WithMessage("'featureImageUrl' must be an absolute http or https URL.");
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

    public static bool BeHttpUrl(string? url) =>
        url is null
        || (Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(uri.Host));
}

public sealed class ArticleListQueryValidator : AbstractValidator<ArticleListQuery>
{
    public ArticleListQueryValidator()
    {
        this.RulesForPaging();
        RuleFor(q => q.Status)
            .Must(s => s is null or ArticleStatuses.Draft or ArticleStatuses.Published or ArticleStatuses.All)
            .WithMessage("'status' must be 'published', 'draft' or 'all'.");
        RuleFor(q => q.Tag).MaximumLength(Limits.SlugMaxLength);
        RuleFor(q => q.Q).MaximumLength(200);
    }
}

public sealed class RelatedListRequestValidator : AbstractValidator<RelatedListRequest>
{
    public RelatedListRequestValidator()
    {
        RuleFor(r => r.ArticleIds)
            .NotNull().WithMessage("'articleIds' is required.")
            .Must(ids => ids.Count <= Limits.MaxRelatedPerArticle)
            .WithMessage($"An article has at most {Limits.MaxRelatedPerArticle} related articles.")
            .Must(ids => ids.Distinct().Count() == ids.Count)
            .WithMessage("'articleIds' must not contain the same id twice.");
        RuleForEach(r => r.ArticleIds).GreaterThan(0).OverridePropertyName("articleIds");
    }
}

public sealed class AddRelatedRequestValidator : AbstractValidator<AddRelatedRequest>
{
    public AddRelatedRequestValidator()
    {
        RuleFor(r => r.ArticleId).GreaterThan(0);
        RuleFor(r => r.Position).GreaterThanOrEqualTo(0);
    }
}
