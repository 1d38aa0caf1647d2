using FluentValidation;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Http;

namespace HeadlessBlog.Api.Sync;

public sealed class SyncQueryValidator : AbstractValidator<SyncQuery>
{
    public SyncQueryValidator()
    {
        RuleFor(q => q.Formats)
            .Must(f => QueryValues.SplitList(f).All(BodyFormats.All.Contains))
            .WithMessage($"'formats' takes a comma-separated list of {string.Join(", ", BodyFormats.All)}.");
    }
}
