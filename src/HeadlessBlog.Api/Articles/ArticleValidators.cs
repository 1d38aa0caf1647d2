using FluentValidation;
using HeadlessBlog.Api.Infrastructure;
using HeadlessBlog.Data;

namespace HeadlessBlog.Api.Articles;

public static class ArticleStatuses
{
    public const string Draft = "draft";
    public const string Scheduled = "scheduled";
    public const string Published = "published";
    public const string All = "all";

    public static ArticleStatus Parse(string? status) =>
        status == Published ? ArticleStatus.Published : ArticleStatus.Draft;

    /// <summary>The status a reader sees at <paramref name="now"/>: a published article whose time has not come is scheduled.</summary>
    public static string Effective(string stored, DateTime? publishedAt, DateTime now) =>
        stored == Published && publishedAt > now ? Scheduled : stored;

    public static ArticleSummary WithEffectiveStatus(this ArticleSummary article, DateTime now) =>
        article with { Status = Effective(article.Status, article.PublishedAt, now) };

    public static ArticleResponse WithEffectiveStatus(this ArticleResponse article, DateTime now) =>
        article with
        {
            Status = Effective(article.Status, article.PublishedAt, now),
            Related = [.. article.Related.Select(r => r.WithEffectiveStatus(now))],
        };

    /// <summary>"a, b,,c" → ["a", "b", "c"].</summary>
    public static string[] SplitList(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? []
            : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();
}

public static class ArticleSorts
{
    public static readonly string[] All = ["-publishedAt", "publishedAt", "title", "-title", "updatedAt", "-updatedAt"];
}

public static class BodyFormats
{
    public const string Markdown = "markdown";
    public const string Html = "html";
    public const string Plaintext = "plaintext";
    public static readonly string[] All = [Markdown, Html, Plaintext];
    public static readonly string[] Default = [Markdown, Html];

    public static string[] Parse(string? formats) =>
        ArticleStatuses.SplitList(formats) is { Length: > 0 } chosen ? chosen : Default;

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
            .Must(s => s is null or ArticleStatuses.Draft or ArticleStatuses.Scheduled or ArticleStatuses.Published or ArticleStatuses.All)
            .WithMessage("'status' must be 'published', 'scheduled', 'draft' or 'all'.");
        RuleFor(q => q.Tag)
            .MaximumLength(1_000)
            .Must(t => ArticleStatuses.SplitList(t).Length <= 20).WithMessage("'tag' takes at most 20 tag slugs.");
        RuleFor(q => q.Q)
            .MaximumLength(200)
            .Must(q => ArticleQueries.SearchWords(q).Length <= ArticleQueries.MaxSearchWords)
            .WithMessage($"'q' takes at most {ArticleQueries.MaxSearchWords} words.");
        RuleFor(q => q.PublishedFrom)
            .Must(d => d is null || ArticleQueries.ParseDate(d) is not null)
            .WithMessage("'publishedFrom' must be a date like 2026-01-31.");
        RuleFor(q => q.PublishedTo)
            .Must(d => d is null || ArticleQueries.ParseDate(d) is not null)
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
            .Must(f => ArticleStatuses.SplitList(f).All(BodyFormats.All.Contains))
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
        RuleFor(q => q.Limit)
            .Must(l => l is null || (int.TryParse(l, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxLimit))
            .WithMessage($"'limit' must be a whole number from 1 to {MaxLimit}.");
        RuleFor(q => q.Fields).KnownFields<SuggestionsQuery, ArticleSummary>();
    }

    public static int LimitOf(SuggestionsQuery query) =>
        query.Limit is null ? DefaultLimit : int.Parse(query.Limit, System.Globalization.CultureInfo.InvariantCulture);
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
