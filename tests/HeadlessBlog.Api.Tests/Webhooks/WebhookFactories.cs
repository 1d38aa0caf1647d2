using System.Net;
using System.Net.Sockets;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Api.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Webhooks;

/// <summary>What every webhook test host has: short attempts (1 s) and a DNS of its own (<see cref="FakeDns"/>).</summary>
internal static class WebhookHost
{
    public static Dictionary<string, string?> Settings(bool allowPrivateNetworks = true) => new()
    {
        ["Webhooks:TimeoutSeconds"] = "1",
        ["Webhooks:AllowPrivateNetworks"] = allowPrivateNetworks ? "true" : "false",
    };

    public static void Configure(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddSingleton<WebhookAddresses.Resolver>(FakeDns.ResolveAsync));
}

/// <summary>Names the tests resolve: one to loopback (as a DNS-rebinding attacker would), one public.</summary>
public static class FakeDns
{
    public const string Loopback = "rebind.test";
    public const string Public = "public.test";

    public static Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => host switch
    {
        Loopback => Task.FromResult(new[] { IPAddress.Loopback }),
        Public => Task.FromResult(new[] { IPAddress.Parse("93.184.216.34") }),
        _ when IPAddress.TryParse(host, out var address) => Task.FromResult(new[] { address }),
        _ => Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound)),
    };
}

public class WebhookSqliteFactory : SqliteApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => WebhookHost.Settings();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        WebhookHost.Configure(builder);
    }
}

/// <summary>A host as in Production: webhooks may not call private networks (its DNS is still <see cref="FakeDns"/>).</summary>
public class GuardedWebhookSqliteFactory : WebhookSqliteFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => WebhookHost.Settings(allowPrivateNetworks: false);
}

public class GuardedWebhookSqlServerFactory(SqlServerContainer container) : WebhookSqlServerFactory(container)
{
    protected override IReadOnlyDictionary<string, string?> Settings => WebhookHost.Settings(allowPrivateNetworks: false);
}

public class WebhookSqlServerFactory(SqlServerContainer container) : SqlServerApiFactory(container)
{
    protected override IReadOnlyDictionary<string, string?> Settings => WebhookHost.Settings();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        WebhookHost.Configure(builder);
    }
}

/// <summary>Another instance of the API on <paramref name="first"/>'s database (a second server, or the first restarted).</summary>
public sealed class SameDatabaseInstance(ApiFactory first, bool allowPrivateNetworks = true, bool runDispatcher = false) : ApiFactory
{
    public override string Provider => first.Provider;

    public override string? ConnectionString => first.ConnectionString;

    protected override IReadOnlyDictionary<string, string?> Settings
    {
        get
        {
            var settings = WebhookHost.Settings(allowPrivateNetworks);
            // Its loop polls by its own clock, which the test does not move: only its own writes wake it.
            settings["Webhooks:RunWorker"] = runDispatcher ? "true" : "false";
            return settings;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        WebhookHost.Configure(builder);
    }
}
