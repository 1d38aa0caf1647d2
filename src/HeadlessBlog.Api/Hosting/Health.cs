using HeadlessBlog.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HeadlessBlog.Api.Hosting;

/// <summary>Ready when the database answers and every migration is applied.</summary>
public sealed class DatabaseHealthCheck(BlogDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Not CanConnectAsync: on SQL Server it keeps retrying for a minute while the server is unreachable. This
            // query goes through the request path, whose time to fail is bounded (Database:SqlServer).
            await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
            var pending = await db.Database.GetPendingMigrationsAsync(cancellationToken);
            return pending.Any()
                ? HealthCheckResult.Unhealthy("The database has migrations still to apply.")
                : HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or TimeoutException or InvalidOperationException
            || DbErrors.IsUnavailable(exception))
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.");
        }
    }
}

public static class Health
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddBlogHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag]);
        return services;
    }

    /// <summary><c>/health/live</c>: the process is up. <c>/health/ready</c>: the database is reachable and migrated. Never rate-limited or cached.</summary>
    public static void MapBlogHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
            .DisableRateLimiting().ExcludeFromDescription();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) })
            .DisableRateLimiting().ExcludeFromDescription();
    }
}
