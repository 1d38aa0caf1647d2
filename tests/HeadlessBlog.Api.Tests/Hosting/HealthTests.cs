using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Api.Tests.Redis;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Hosting;

public sealed class HealthOnSqlite(SqliteApiFactory factory) : HealthTests<SqliteApiFactory>(factory);

public sealed class HealthOnSqlServer(SqlServerApiFactory factory) : HealthTests<SqlServerApiFactory>(factory);

/// <summary><c>/health/live</c> and <c>/health/ready</c>: their status codes and the JSON body naming each check.</summary>
public abstract class HealthTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Ready_WhenMigratedAndRunning_Answers200NamingEachCheck()
    {
        var (status, body) = await HealthAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.False(body.GetProperty("checks").TryGetProperty("redis", out _)); // no Caching:Redis here
    }

    [Fact]
    public async Task Live_RunsNoCheck()
    {
        var (status, body) = await HealthAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Empty(body.GetProperty("checks").EnumerateObject());
    }

    [Fact]
    public async Task Ready_WithAMigrationPending_Answers503SayingSo()
    {
        var history = await WithDbAsync(db => db.Database.SqlQueryRaw<Migration>(
            "SELECT \"MigrationId\", \"ProductVersion\" FROM \"__EFMigrationsHistory\"").ToListAsync(Ct));
        var last = history.OrderBy(m => m.MigrationId, StringComparer.Ordinal).Last();
        await WithDbAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {last.MigrationId}", Ct));
        try
        {
            var (status, body) = await HealthAsync("/health/ready");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            var database = body.GetProperty("checks").GetProperty("database");
            Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
            Assert.Contains("migrations", database.GetProperty("description").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await WithDbAsync(db => db.Database.ExecuteSqlAsync(
                $"INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ({last.MigrationId}, {last.ProductVersion})", Ct));
        }

        Assert.Equal(HttpStatusCode.OK, (await HealthAsync("/health/ready")).Status);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> HealthAsync(string path)
    {
        var response = await Factory.CreateAnonymousClient().GetAsync(path, Ct);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(Ct));
    }

    private async Task<T> WithDbAsync<T>(Func<BlogDbContext, Task<T>> action)
    {
        Assert.SkipWhen(Factory.UnavailableReason is not null, Factory.UnavailableReason ?? "");
        using var scope = Factory.Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<BlogDbContext>());
    }

    private sealed record Migration(string MigrationId, string ProductVersion);
}

/// <summary>Hosts of their own, naming a Redis.</summary>
public sealed class HealthOfOwnHostsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ready_WithRedisUnreachable_IsDegradedButStill200()
    {
        // Nothing listens on this port: no redis-server is needed.
        await using var api = new RedisInstanceFactory($"127.0.0.1:{RedisServer.FreeLoopbackPort()}");

        var (status, redis) = await RedisCheckAsync(api);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", redis);
    }

    [Fact]
    public async Task Ready_WithRedisAnswering_ReportsItHealthy_ThenDegradedWhenItStops()
    {
        RedisServer.SkipUnlessAvailable();
        await using var server = new RedisServer();
        await server.InitializeAsync();
        await using var api = new RedisInstanceFactory(server.Configuration);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await RedisCheckAsync(api));

        await server.StopAsync();

        Assert.Equal((HttpStatusCode.OK, "Degraded"), await RedisCheckAsync(api));
    }

    private static async Task<(HttpStatusCode Status, string? Redis)> RedisCheckAsync(ApiFactory api)
    {
        var response = await api.CreateAnonymousClient().GetAsync("/health/ready", Ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return (response.StatusCode, body.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
    }
}
