using HeadlessBlog.Api.Delivery;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Http;

/// <summary>Query-string paging: whole numbers (see <see cref="WholeNumbers"/>), absent for the defaults.</summary>
public interface IPagedQuery
{
    int? Page { get; }
    int? PageSize { get; }
}

/// <summary>One page of a list.</summary>
public sealed record PagedResponse<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalItems, int TotalPages);

public static class Paging
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static int PageNumber(this IPagedQuery query) => query.Page ?? 1;

    public static int PageLength(this IPagedQuery query) => query.PageSize ?? DefaultPageSize;

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
