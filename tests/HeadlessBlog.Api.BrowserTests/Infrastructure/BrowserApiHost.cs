using System.Net;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.BrowserTests.Infrastructure;

/// <summary>
/// The API on a real Kestrel port on 127.0.0.1 (a browser cannot reach the in-memory test server), in the Testing
/// environment, on a SQLite file of its own that is deleted afterwards.
/// </summary>
public sealed class BrowserApiHost : WebApplicationFactory<Program>
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"headlessblog-browser-{Guid.NewGuid():N}.db");

    private BrowserApiHost() => UseKestrel(options => options.Listen(IPAddress.Loopback, 0));

    /// <summary>Where the API listens, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>An API key with content:write, stored in this host's database.</summary>
    public string WriteKey { get; private set; } = "";

    /// <summary>Starts the API (migrating the empty database) and creates a write key through the app's own services.</summary>
    public static BrowserApiHost Start()
    {
        var host = new BrowserApiHost();
        try
        {
            host.StartServer();
            var addresses = host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
            host.BaseAddress = new Uri(addresses.Single().TrimEnd('/'));
            host.WriteKey = host.CreateWriteKey();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Blog", new SqliteConnectionStringBuilder { DataSource = _databasePath }.ToString());
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    private string CreateWriteKey()
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
        var (entity, key) = ApiKeys.Create("Browser test editor", [Scopes.Write], DateTime.UtcNow);
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
            File.Delete(_databasePath + suffix);
        }

        GC.SuppressFinalize(this);
    }
}
