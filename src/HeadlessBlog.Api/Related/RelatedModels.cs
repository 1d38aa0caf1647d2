using FluentValidation;
using HeadlessBlog.Data;

namespace HeadlessBlog.Api.Related;

/// <summary>Replaces the whole ordered list of related articles.</summary>
/// <param name="ArticleIds">Ids of the related articles, in order; no duplicates, not the article itself.</param>
public sealed record RelatedListRequest(IReadOnlyList<int> ArticleIds);

/// <summary>Adds one related article.</summary>
/// <param name="ArticleId">Id of the article to link to.</param>
/// <param name="Position">Optional 0-based position to insert at; appended when omitted.</param>
/// <param name="Reciprocal">When true, also appends the link back from the target to this article.</param>
public sealed record AddRelatedRequest(int ArticleId, int? Position, bool? Reciprocal);

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
