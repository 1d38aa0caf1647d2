using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Infrastructure;

/// <summary>
/// On SQLite, opens the request's database connection once for the whole endpoint instead of once per query.
/// </summary>
/// <remarks>
/// Every open of a <c>SqliteConnection</c>, pooled or not, registers EF Core's SQL functions on it again, and each
/// registration leaves a handle behind for the finalizer: a cold article read (four queries) left about 26, and the
/// finalizer thread took a third of the CPU under load. With one open per request it is a few. SQL Server connections
/// are left to EF Core, whose retry strategy needs to open and close them itself.
/// </remarks>
public sealed class SqliteConnectionFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var db = context.HttpContext.RequestServices.GetRequiredService<BlogDbContext>();
        if (!db.Database.IsSqlite())
        {
            return await next(context);
        }

        await db.Database.OpenConnectionAsync(context.HttpContext.RequestAborted);
        try
        {
            return await next(context);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
