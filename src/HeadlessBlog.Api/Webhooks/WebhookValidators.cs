using FluentValidation;
using HeadlessBlog.Data;

namespace HeadlessBlog.Api.Webhooks;

public sealed class WebhookRequestValidator : AbstractValidator<WebhookRequest>
{
    public WebhookRequestValidator()
    {
        RuleFor(r => r.Url)
            .NotNull().WithMessage("'url' is required.")
            .Must(u => !string.IsNullOrWhiteSpace(u)).WithMessage("'url' must not be empty.")
            .MaximumLength(Limits.UrlMaxLength)
            .Must(u => ParseUrl(u) is not null)
            .WithMessage("'url' must be an absolute http or https URL with a host and without user info (e.g. 'https://example.com/hooks/blog').");
        RuleFor(r => r.Events)
            .Must(e => e is null || e.Count is >= 1 and <= WebhookEvents.MaxPerWebhook)
            .WithMessage($"'events' takes 1–{WebhookEvents.MaxPerWebhook} event types (omit it for every event).");
        RuleForEach(r => r.Events)
            .Must(WebhookEvents.IsKnown)
            .WithMessage($"'events' takes event types and patterns of: {string.Join(", ", WebhookEvents.Patterns)}.")
            .OverridePropertyName("events");
        RuleFor(r => r.Description).MaximumLength(Limits.DescriptionMaxLength);
        RuleFor(r => r.Format)
            .Must(f => f is null || WebhookFormats.All.Contains(f, StringComparer.Ordinal))
            .WithMessage($"'format' must be one of {string.Join(", ", WebhookFormats.All)}.");
    }

    /// <summary>The URL a webhook may be registered with, or null: absolute http or https, with a host, without user info.</summary>
    public static Uri? ParseUrl(string? url) =>
        url is not null
        && !url.Any(char.IsControl)
        && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host)
        && string.IsNullOrEmpty(uri.UserInfo)
            ? uri
            : null;
}

public sealed class DeliveryListQueryValidator : AbstractValidator<DeliveryListQuery>
{
    public DeliveryListQueryValidator()
    {
        RuleFor(q => q.Status)
            .Must(s => s is null || DeliveryStatuses.All.Contains(s, StringComparer.Ordinal))
            .WithMessage($"'status' must be one of {string.Join(", ", DeliveryStatuses.All)}.");
    }
}
