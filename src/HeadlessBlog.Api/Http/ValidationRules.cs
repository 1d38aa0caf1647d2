using FluentValidation;
using HeadlessBlog.Api.Slugs;

namespace HeadlessBlog.Api.Http;

public static class ValidationRules
{
    /// <summary>Required text whose trimmed length is within the bounds, without control characters.</summary>
    public static IRuleBuilderOptions<T, string?> TrimmedLength<T>(this IRuleBuilder<T, string?> rule, int min, int max) =>
        rule
            .NotNull().WithMessage("'{PropertyName}' is required.")
            .Must(v => v!.Trim().Length >= min).WithMessage("'{PropertyName}' must not be empty.")
            .Must(v => v!.Trim().Length <= max).WithMessage($"'{{PropertyName}}' must be at most {max} characters.")
            .Must(v => !v!.Any(char.IsControl)).WithMessage("'{PropertyName}' must not contain control characters.");

    /// <summary>An optional slug: when present it must be a valid slug.</summary>
    public static IRuleBuilderOptions<T, string?> ValidSlug<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(s => s is null || Slug.IsValid(s))
            .WithMessage("'{PropertyName}' must be 1–200 characters of lowercase a–z, 0–9 and single hyphens (e.g. 'my-first-post').");

    /// <summary>An absolute http or https URL with a host, at most <see cref="HeadlessBlog.Data.Limits.UrlMaxLength"/> characters (null is fine).</summary>
    public static IRuleBuilderOptions<T, string?> HttpUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(HeadlessBlog.Data.Limits.UrlMaxLength)
            .Must(IsHttpUrl).WithMessage("'{PropertyName}' must be an absolute http or https URL.");

    public static bool IsHttpUrl(string? url) =>
        url is null
        || (Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(uri.Host));

    /// <summary>An optional text as stored: trimmed, and null when empty.</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
