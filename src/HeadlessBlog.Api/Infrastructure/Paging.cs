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
        ListCounts? counts = null, string? countKey = null)
    {
        var page = query.PageNumber();
        var pageSize = query.PageLength();
        var total = counts is not null && countKey is not null
            ? await counts.GetOrCountAsync(countKey, () => ordered.CountAsync(cancellationToken))
            : await ordered.CountAsync(cancellationToken);
        var skip = (long)(page - 1) * pageSize;
        IReadOnlyList<T> items = skip >= total
            ? []
            : await ordered.Skip((int)skip).Take(pageSize).ToListAsync(cancellationToken);
        return new PagedResponse<T>(items, page, pageSize, total, (total + pageSize - 1) / pageSize);
    }
}

/// <summary>
/// The lengths of filtered article lists, kept until the next article or tag write (and, through the key, the next
/// scheduled publication): counting a list is a scan of every matching article, the page itself an index seek.
/// </summary>
public sealed class ListCounts
{
    private const int MaxEntries = 10_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public void Clear() => _counts.Clear();

    public async Task<int> GetOrCountAsync(string key, Func<Task<int>> count)
    {
        if (_counts.TryGetValue(key, out var known))
        {
            return known;
        }

        var counted = await count();
        if (_counts.Count >= MaxEntries)
        {
            _counts.Clear();
        }

        _counts[key] = counted;
        return counted;
    }
}
