using HeadlessBlog.Data;

namespace HeadlessBlog.Api.Publishing;

/// <summary>The statuses as the API spells them; <c>scheduled</c> is derived (see <see cref="Visibility"/>).</summary>
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
        Visibility.IsScheduled(Parse(stored), publishedAt, now) ? Scheduled : stored;

    /// <summary>The status a reader sees at <paramref name="now"/> of an article stored with <paramref name="stored"/>.</summary>
    public static string Effective(ArticleStatus stored, DateTime? publishedAt, DateTime now) =>
        Visibility.IsScheduled(stored, publishedAt, now) ? Scheduled : stored == ArticleStatus.Published ? Published : Draft;

    /// <summary>Whether an article shown with status <paramref name="stored"/> is visible to readers at <paramref name="now"/>.</summary>
    public static bool IsVisible(string stored, DateTime? publishedAt, DateTime now) =>
        Visibility.IsVisible(Parse(stored), publishedAt, now);
}
