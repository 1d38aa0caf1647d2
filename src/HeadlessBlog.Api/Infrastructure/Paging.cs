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
        var page = query.PageNumber();
        var pageSize = query.PageLength();
        var total = counts is not null && countKey is not null
            ? await counts.GetOrComputeAsync(countKey, () => ordered.CountAsync(cancellationToken))
            : await ordered.CountAsync(cancellationToken);
        var skip = (long)(page - 1) * pageSize;
        IReadOnlyList<T> items = skip >= total
            ? []
            : await ordered.Skip((int)skip).Take(pageSize).ToListAsync(cancellationToken);
        return new PagedResponse<T>(items, page, pageSize, total, (total + pageSize - 1) / pageSize);
    }
}

/// <summary>
/// Results computed from many rows and cheap to keep — the lengths of filtered article lists, suggestion rankings —
/// kept until the next article or tag write (which clears them) or the next publication epoch (part of every key):
/// counting a list is a scan of every matching article and ranking suggestions a grouping of every assignment of the
/// article's tags, while the page or the suggested articles themselves are index seeks.
/// </summary>
public sealed class DerivedResults
{
    private const int MaxEntries = 10_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, object> _results = new(StringComparer.Ordinal);

    public void Clear() => _results.Clear();

    /// <param name="key">Names the result, including everything it depends on besides writes (filters, epoch).</param>
    /// <param name="compute">Computes it when it is not kept; the result must not be changed afterwards.</param>
    public async Task<T> GetOrComputeAsync<T>(string key, Func<Task<T>> compute)
        where T : notnull
    {
        if (_results.TryGetValue(key, out var known) && known is T result)
        {
            return result;
        }

        var computed = await compute();
        if (_results.Count >= MaxEntries)
        {
            _results.Clear();
        }

        _results[key] = computed;
        return computed;
    }
}
