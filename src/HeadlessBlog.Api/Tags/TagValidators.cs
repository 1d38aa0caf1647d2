using FluentValidation;
using HeadlessBlog.Api.Delivery;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Data;

namespace HeadlessBlog.Api.Tags;

public sealed class TagRequestValidator : AbstractValidator<TagRequest>
{
    public TagRequestValidator()
    {
        RuleFor(r => r.Name).TrimmedLength(1, Limits.TagNameMaxLength);
        RuleFor(r => r.Slug).ValidSlug();
        RuleFor(r => r.Description).MaximumLength(Limits.DescriptionMaxLength);
        RuleFor(r => r.MetaTitle).MaximumLength(Limits.MetaTitleMaxLength);
        RuleFor(r => r.MetaDescription).MaximumLength(Limits.MetaDescriptionMaxLength);
        RuleFor(r => r.FeatureImageUrl).HttpUrl();
    }
}

public sealed class TagListQueryValidator : AbstractValidator<TagListQuery>
{
    public TagListQueryValidator()
    {
        RuleFor(q => q.Q).MaximumLength(200);
        RuleFor(q => q.Sort)
            .Must(s => s is null || TagSorts.All.Contains(s))
            .WithMessage($"'sort' must be one of {string.Join(", ", TagSorts.All)}.");
        RuleFor(q => q.Fields).KnownFields<TagListQuery, TagResponse>();
    }
}

public sealed class TagReadQueryValidator : AbstractValidator<TagReadQuery>
{
    public TagReadQueryValidator()
    {
        RuleFor(q => q.Fields).KnownFields<TagReadQuery, TagResponse>();
    }
}
