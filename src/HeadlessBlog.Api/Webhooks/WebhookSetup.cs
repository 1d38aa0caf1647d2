namespace HeadlessBlog.Api.Webhooks;

public static class WebhookSetup
{
    /// <summary>
    /// The dispatcher, its HTTP client (no redirects, no cookies, connections only to the addresses the SSRF guard
    /// checked) and, unless <c>Webhooks:RunWorker</c> is false or the app does not prepare its database, its loop.
    /// </summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection("Webhooks");
        services.Configure<WebhookOptions>(section);
        var allowPrivateNetworks = section.GetValue<bool?>(nameof(WebhookOptions.AllowPrivateNetworks)) ?? environment.IsDevelopment();
        services.PostConfigure<WebhookOptions>(options => options.AllowPrivateNetworks = allowPrivateNetworks);
        // The DNS the SSRF guard checks names with (tests put a fake one in its place).
        services.AddSingleton(WebhookAddresses.SystemDns);
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHttpClient(WebhookSender.ClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("HeadlessBlog-Webhooks/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectCallback = WebhookAddresses.ConnectCallback(
                    allowPrivateNetworks, provider.GetRequiredService<WebhookAddresses.Resolver>()),
            });
        if (configuration.GetValue("Database:PrepareOnStartup", true) && section.GetValue(nameof(WebhookOptions.RunWorker), true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        }

        return services;
    }
}
