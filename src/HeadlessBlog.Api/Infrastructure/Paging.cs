using System.Globalization;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Infrastructure;

/// <summary>Query-string paging, bound as text so that bad values are reported as validation errors.</summary>
public interface IPagedQuery
{
    string? Page { get; }
    string? PageSize { get; }
}

/// <summary>One page of a list.</summary>
public sealed record PagedResponse<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalItems, int TotalPages);

public static class Paging
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static int PageNumber(this IPagedQuery query) => Parse(query.Page, 1);

    public static int PageLength(this IPagedQuery query) => Parse(query.PageSize, DefaultPageSize);

    private static int Parse(string? value, int fallback) =>
        string.IsNullOrEmpty(value) ? fallback : int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);

    public static void RulesForPaging<T>(this AbstractValidator<T> validator)
        where T : IPagedQuery
    {
        validator.RuleFor(q => q.Page)
            .Must(p => IsIntegerIn(p, 1, int.MaxValue))
            .WithMessage("'page' must be a whole number of at least 1.");
        validator.RuleFor(q => q.PageSize)
            .Must(p => IsIntegerIn(p, 1, MaxPageSize))
            .WithMessage($"'pageSize' must be a whole number from 1 to {MaxPageSize}.");
    }

    private static bool IsIntegerIn(string? value, int min, int max) =>
        value is null
        || (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max);

    /// <param name="ordered">The whole list, ordered.</param>
    /// <param name="query">Which page.</param>
    /// <param name="counts">Where the list's length may be kept between writes (none: counted every time).</param>
    /// <param name="countKey">The list's filters, naming its length in <paramref name="counts"/>.</param>
    /// <param name="cancellationToken">Cancels the queries.</param>
    public static async Task<PagedResponse<T>> ToPageAsync<T>(
        this IQueryable<T> ordered, IPagedQuery query, CancellationToken cancellationToken,
        DerivedResults? counts = null, string? countKey = null)
    {
        var total = counts is not null && countKey is not null
            ? await counts.GetOrComputeAsync(countKey, () => ordered.CountAsync(cancellationToken), cancellationToken)
            : await ordered.CountAsync(cancellationToken);
        var skip = query.Skipped();
        IReadOnlyList<T> items = skip >= total
            ? []
            : await ordered.Skip((int)skip).Take(query.PageLength()).ToListAsync(cancellationToken);
        return query.PageOf(items, total);
    }

    /// <summary>How many items come before the requested page.</summary>
    public static long Skipped(this IPagedQuery query) => (long)(query.PageNumber() - 1) * query.PageLength();

    /// <summary>The requested page: <paramref name="items"/> out of <paramref name="total"/>.</summary>
    public static PagedResponse<T> PageOf<T>(this IPagedQuery query, IReadOnlyList<T> items, int total)
    {
        var size = query.PageLength();
        return new PagedResponse<T>(items, query.PageNumber(), size, total, (total + size - 1) / size);
    }
}

/// <summary>
/// Results computed from many rows and cheap to keep — the lengths of filtered lists, suggestion rankings, tag article
/// counts — kept until the next article or tag write (which clears them) or the next publication epoch (part of every
/// key: a scheduled article appearing changes them, and so may another instance's writes): counting a list is a scan
/// of every matching article and ranking suggestions a grouping of every assignment of the article's tags, while the
/// page or the suggested articles themselves are index seeks.
/// </summary>
public sealed class DerivedResults(PublicationSchedule schedule)
{
    private const int MaxEntries = 10_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, object> _results = new(StringComparer.Ordinal);

    public void Clear() => _results.Clear();

    /// <param name="key">Names the result, including everything it depends on besides writes and the epoch (filters, ids).</param>
    /// <param name="compute">Computes it when it is not kept; the result must not be changed afterwards.</param>
    /// <param name="cancellationToken">Cancels reading the publication schedule.</param>
    public async Task<T> GetOrComputeAsync<T>(string key, Func<Task<T>> compute, CancellationToken cancellationToken)
        where T : notnull
    {
        var epoch = (await schedule.CurrentAsync(cancellationToken)).Epoch;
        var fullKey = key + '\u001f' + epoch.ToString(CultureInfo.InvariantCulture);
        if (_results.TryGetValue(fullKey, out var known) && known is T result)
        {
            return result;
        }

        var computed = await compute();
        if (_results.Count >= MaxEntries)
        {
            _results.Clear();
        }

        _results[fullKey] = computed;
        return computed;
    }
}
