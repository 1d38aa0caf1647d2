using HeadlessBlog.Api.Delivery;
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

    /// <summary>
    /// Ready: the database answers and is migrated, and — when <c>Caching:Redis</c> is set — Redis answers. Redis away is Degraded, not Unhealthy: the API keeps serving (cache misses instead of hits),
    /// so a shared cache outage must not take every instance out of the load balancer at once.
    /// </summary>
    public static IServiceCollection AddBlogHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag]);
        var redis = configuration.GetSection("Caching").Get<CachingOptions>()?.Redis;
        if (!string.IsNullOrWhiteSpace(redis))
        {
            // The output cache's own connection settings (fail fast, one-second timeouts), on a connection of its own.
            var connection = OutputCacheStorage.RedisConnection(redis).ToString(includePassword: true);
            checks.AddRedis(connection, "redis", HealthStatus.Degraded, [ReadyTag], TimeSpan.FromSeconds(2));
        }

        return services;
    }

    /// <summary>
    /// <c>/health/live</c>: the process is up. <c>/health/ready</c>: see <see cref="AddBlogHealthChecks"/>; 200 when
    /// Healthy or Degraded, 503 when Unhealthy. Both answer a small JSON body; never rate-limited or cached.
    /// </summary>
    public static void MapBlogHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .DisableRateLimiting().ExcludeFromDescription();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync })
            .DisableRateLimiting().ExcludeFromDescription();
    }

    /// <summary>
    /// <c>{"status":"Healthy","durationMs":3.1,"checks":{"database":{"status":"Healthy","durationMs":2.9}}}</c>, with a
    /// check's description when it has one. Written here rather than with HealthChecks.UI's writer, which adds
    /// exception messages: these endpoints are anonymous and must not show internals.
    /// </summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        };
        return context.Response.WriteAsJsonAsync(body, HealthJson.Options, context.RequestAborted);
    }
}

internal static class HealthJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
