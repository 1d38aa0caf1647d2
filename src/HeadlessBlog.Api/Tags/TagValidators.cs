using FluentValidation;
using HeadlessBlog.Api.Infrastructure;
using HeadlessBlog.Data;

namespace HeadlessBlog.Api.Tags;

public sealed class TagRequestValidator : AbstractValidator<TagRequest>
{
    public TagRequestValidator()
    {
        RuleFor(r => r.Name).TrimmedLength(1, Limits.TagNameMaxLength);
        RuleFor(r => r.Slug).ValidSlug();
        RuleFor(r => r.Description).MaximumLength(Limits.DescriptionMaxLength);
    }
}

public sealed class TagListQueryValidator : AbstractValidator<TagListQuery>
{
    public TagListQueryValidator()
    {
        this.RulesForPaging();
        RuleFor(q => q.Q).MaximumLength(200);
    }
}
