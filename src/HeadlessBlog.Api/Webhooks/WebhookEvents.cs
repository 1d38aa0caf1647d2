using HeadlessBlog.Api.Changes;

namespace HeadlessBlog.Api.Webhooks;

/// <summary>What an endpoint subscribes to: event types (<c>article.published</c>) or patterns (<c>article.*</c>, <c>*</c>).</summary>
public static class WebhookEvents
{
    public const string Everything = "*";

    /// <summary>Whether <paramref name="pattern"/> names an event type or a pattern of them.</summary>
    public static bool IsValid(string pattern) =>
        pattern is Everything or "article.*" or "tag.*" || ChangeTypes.All.Contains(pattern);

    /// <summary>Whether any of the space-separated <paramref name="patterns"/> matches <paramref name="type"/>.</summary>
    public static bool Matches(string patterns, string type) =>
        patterns.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(p => Matches1(p, type));

    private static bool Matches1(string pattern, string type) =>
        pattern == Everything
        || pattern == type
        || (pattern.EndsWith(".*", StringComparison.Ordinal) && type.StartsWith(pattern[..^1], StringComparison.Ordinal));
}
