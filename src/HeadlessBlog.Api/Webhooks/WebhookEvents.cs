using HeadlessBlog.Api.Changes;

namespace HeadlessBlog.Api.Webhooks;

/// <summary>
/// The event types and patterns a webhook can subscribe to (<c>article.published</c>, <c>article.*</c>, <c>*</c>), how
/// they are stored (space-separated) and which events they match.
/// </summary>
public static class WebhookEvents
{
    public const string Everything = "*";
    public const string Ping = "webhook.ping";
    public const int MaxPerWebhook = 20;

    public static readonly string[] Patterns =
        [.. ChangeTypes.All, ChangeTypes.ArticleEntity + ".*", ChangeTypes.TagEntity + ".*", Everything];

    public static bool IsKnown(string? pattern) => pattern is not null && Patterns.Contains(pattern, StringComparer.Ordinal);

    public static string Join(IEnumerable<string> events) => string.Join(' ', events.Distinct(StringComparer.Ordinal));

    public static string[] Split(string events) => events.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether any of the stored <paramref name="patterns"/> matches the event type <paramref name="type"/>.</summary>
    public static bool Matches(string patterns, string type) => Split(patterns).Any(p => Matches1(p, type));

    private static bool Matches1(string pattern, string type) =>
        pattern == Everything
        || pattern == type
        || (pattern.EndsWith(".*", StringComparison.Ordinal) && type.StartsWith(pattern[..^1], StringComparison.Ordinal));
}
