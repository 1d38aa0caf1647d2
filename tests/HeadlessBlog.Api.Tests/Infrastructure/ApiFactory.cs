using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HeadlessBlog.Api.Tests.Infrastructure;

/// <summary>The API in memory on one database of its own; test classes share it, tests own their rows.</summary>
public abstract class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public abstract string Provider { get; }

    /// <summary>Null when the database cannot be had here (no Docker for SQL Server): tests are then skipped.</summary>
    public abstract string? ConnectionString { get; }

    public string? UnavailableReason { get; protected set; }

    /// <summary>The API's clock: starts at the real time and moves 1 ms on each reading; tests may <c>Advance</c> it.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    /// <summary>Counts the SQL commands the API sends.</summary>
    public SqlCommandCounter Commands { get; } = new();

    /// <summary>Extra configuration for this host (e.g. <c>["Caching:OutputCacheEnabled"] = "false"</c>); override in a subclass.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider);
        builder.UseSetting("ConnectionStrings:Blog", ConnectionString);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IInterceptor>(Commands);
        });
    }

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>A client (following redirects unless told not to), or a skipped test when the database is unavailable here.</summary>
    public HttpClient CreateApiClient(WebApplicationFactoryClientOptions? options = null)
    {
        Assert.SkipWhen(UnavailableReason is not null, UnavailableReason ?? "");
        return options is null ? CreateClient() : CreateClient(options);
    }
}

/// <summary>The embedded default: a SQLite file in WAL mode, deleted afterwards.</summary>
public class SqliteApiFactory : ApiFactory
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"headlessblog-test-{Guid.NewGuid():N}.db");

    public override string Provider => "Sqlite";

    public override string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _path }.ToString();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>Counts the commands EF Core executes, so tests can prove a fixed number of queries per request.</summary>
public sealed class SqlCommandCounter : DbCommandInterceptor
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }
}
