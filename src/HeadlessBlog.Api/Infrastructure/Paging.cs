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

    public static async Task<PagedResponse<T>> ToPageAsync<T>(
        this IQueryable<T> ordered, IPagedQuery query, CancellationToken cancellationToken)
    {
        var page = query.PageNumber();
        var pageSize = query.PageLength();
        var total = await ordered.CountAsync(cancellationToken);
        var skip = (long)(page - 1) * pageSize;
        IReadOnlyList<T> items = skip >= total
            ? []
            : await ordered.Skip((int)skip).Take(pageSize).ToListAsync(cancellationToken);
        return new PagedResponse<T>(items, page, pageSize, total, (total + pageSize - 1) / pageSize);
    }
}
