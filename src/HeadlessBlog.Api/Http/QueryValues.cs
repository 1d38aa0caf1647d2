using System.Globalization;

namespace HeadlessBlog.Api.Http;

/// <summary>How list-valued and date-valued query parameters are read.</summary>
public static class QueryValues
{
    /// <summary>"a, b,,c" → ["a", "b", "c"].</summary>
    public static string[] SplitList(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? []
            : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();

    /// <summary>A calendar date (yyyy-MM-dd) as midnight UTC, or null when it is not one.</summary>
    public static DateTime? ParseDate(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)
            : null;
}
