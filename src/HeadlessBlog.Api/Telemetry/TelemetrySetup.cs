using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace HeadlessBlog.Api.Telemetry;

/// <summary>
/// OpenTelemetry, only when something will read it: OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (every
/// standard <c>OTEL_*</c> variable applies), a Prometheus scrape endpoint when <c>Telemetry:Prometheus</c> is true, or
/// exporters added by the host when <c>Telemetry:Enabled</c> is true. Otherwise no provider is registered and nothing
/// listens: the instruments of <see cref="BlogMetrics"/> stay disabled and cost a flag check.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>The default <c>service.name</c> (<c>OTEL_SERVICE_NAME</c> overrides it).</summary>
    public const string ServiceName = "headlessblog";

    public const string MetricsPath = "/metrics";

    /// <summary>
    /// The ASP.NET Core meters exported: request duration and active requests (by route and status code, so 429s and
    /// 503s show there too), connections, and unhandled exceptions. The instrumentation library would also subscribe to
    /// the memory pool, routing, authentication and rate-limiting meters, each recording measurements on every request:
    /// about 2% of the process's CPU on cached reads in a profile (docs/benchmarks.md), for little an operator needs.
    /// </summary>
    private static readonly string[] AspNetCoreMeters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics"];

    public static bool Otlp(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static bool Prometheus(IConfiguration configuration) => configuration.GetValue("Telemetry:Prometheus", false);

    public static bool Enabled(IConfiguration configuration) =>
        Otlp(configuration) || Prometheus(configuration) || configuration.GetValue("Telemetry:Enabled", false);

    public static IServiceCollection AddBlogTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<BlogMetrics>();
        if (!Enabled(configuration))
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(ServiceName);
                }
            })
            .WithTracing(tracing => Sampled(tracing, configuration)
                .AddSource(BlogMetrics.MeterName)
                // Probes and scrapes every few seconds would bury the requests that matter.
                .AddAspNetCoreInstrumentation(options => options.Filter = context =>
                    !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments(MetricsPath))
                .AddEntityFrameworkCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(BlogMetrics.MeterName)
                .AddMeter(AspNetCoreMeters)
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithLogging();
        if (Otlp(configuration))
        {
            telemetry.UseOtlpExporter();
        }

        if (Prometheus(configuration))
        {
            telemetry.WithMetrics(metrics => metrics.AddPrometheusExporter());
        }

        return services;
    }

    /// <summary>
    /// The sampler: <c>OTEL_TRACES_SAMPLER</c> when set (the SDK reads it), else at most <c>Telemetry:TracesPerSecond</c>
    /// (default 10) new traces a second, and every trace a caller sampled.
    /// </summary>
    private static TracerProviderBuilder Sampled(TracerProviderBuilder tracing, IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration["OTEL_TRACES_SAMPLER"])
            ? tracing.SetSampler(new ParentBasedSampler(new RateLimitingSampler(configuration.GetValue("Telemetry:TracesPerSecond", 10.0), TimeProvider.System)))
            : tracing;

    /// <summary>
    /// <c>/metrics</c> in Prometheus text format when <c>Telemetry:Prometheus</c> is true: outside <c>/api</c>, never
    /// rate-limited, cached or described in OpenAPI. Without it the path is not mapped (404).
    /// </summary>
    public static void MapBlogMetrics(this WebApplication app)
    {
        if (Prometheus(app.Configuration))
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath).DisableRateLimiting().ExcludeFromDescription();
        }
    }
}
