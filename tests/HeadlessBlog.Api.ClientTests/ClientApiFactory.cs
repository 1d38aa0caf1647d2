using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.ClientTests;

/// <summary>The API in memory on a SQLite file of its own (deleted afterwards), with one key that may write.</summary>
public sealed class ClientApiFactory : WebApplicationFactory<Program>
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"headlessblog-client-{Guid.NewGuid():N}.db");
    private readonly Lazy<string> _writeKey;

    public ClientApiFactory() => _writeKey = new(CreateWriteKey, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>An API key with content:write, stored in this host's database.</summary>
    public string WriteKey => _writeKey.Value;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Blog", new SqliteConnectionStringBuilder { DataSource = _path }.ToString());
    }

    private string CreateWriteKey()
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
        var (entity, key) = ApiKeys.Create("Client tests", [Scopes.Write], DateTime.UtcNow);
        db.ApiKeys.Add(entity);
        db.SaveChanges();
        return key;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }
}
