using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using HeadlessBlog.Api.Delivery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Http;

/// <summary>
/// Query-string paging of every list, bound with <c>[AsParameters]</c> before the list's own query: whole numbers (see
/// <see cref="WholeNumbers"/>), absent for the defaults.
/// </summary>
public sealed record PageRequest
{
    /// <summary>Page number, from 1.</summary>
    [FromQuery(Name = "page")]
    [Range(1, int.MaxValue)]
    [DefaultValue(1)]
    public int? Page { get; init; }

    /// <summary>Items per page, 1–100 (default 20).</summary>
    [FromQuery(Name = "pageSize")]
    [Range(1, Paging.MaxPageSize)]
    [DefaultValue(Paging.DefaultPageSize)]
    public int? PageSize { get; init; }
}

/// <summary>One page of a list.</summary>
public sealed record PagedResponse<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalItems, int TotalPages);

public static class Paging
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static int PageNumber(this PageRequest query) => query.Page ?? 1;

    public static int PageLength(this PageRequest query) => query.PageSize ?? DefaultPageSize;

    /// <param name="ordered">The whole list, ordered.</param>
    /// <param name="query">Which page.</param>
    /// <param name="counts">Where the list's length may be kept between writes (none: counted every time).</param>
    /// <param name="countKey">The list's filters, naming its length in <paramref name="counts"/>.</param>
    /// <param name="cancellationToken">Cancels the queries.</param>
    public static async Task<PagedResponse<T>> ToPageAsync<T>(
        this IQueryable<T> ordered, PageRequest query, CancellationToken cancellationToken,
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
    public static long Skipped(this PageRequest query) => (long)(query.PageNumber() - 1) * query.PageLength();

    /// <summary>The requested page: <paramref name="items"/> out of <paramref name="total"/>.</summary>
    public static PagedResponse<T> PageOf<T>(this PageRequest query, IReadOnlyList<T> items, int total)
    {
        var size = query.PageLength();
        return new PagedResponse<T>(items, query.PageNumber(), size, total, (total + size - 1) / size);
    }
}
