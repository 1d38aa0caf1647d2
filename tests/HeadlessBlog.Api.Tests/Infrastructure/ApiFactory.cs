using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace HeadlessBlog.Api.Tests.Infrastructure;

/// <summary>The API in memory on one database of its own; test classes share it, tests own their rows.</summary>
public abstract class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public abstract string Provider { get; }

    /// <summary>Null when the database cannot be had here (no Docker for SQL Server): tests are then skipped.</summary>
    public abstract string? ConnectionString { get; }

    public string? UnavailableReason { get; protected set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider);
        builder.UseSetting("ConnectionStrings:Blog", ConnectionString);
    }

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>A client, or a skipped test when the database is unavailable here.</summary>
    public HttpClient CreateApiClient()
    {
        Assert.SkipWhen(UnavailableReason is not null, UnavailableReason ?? "");
        return CreateClient();
    }
}

/// <summary>The embedded default: a SQLite file in WAL mode, deleted afterwards.</summary>
public sealed class SqliteApiFactory : ApiFactory
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
