using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace HeadlessBlog.Api.Tests.Telemetry;

/// <summary>Which exporters a host gets from its configuration, and <c>/metrics</c> only when asked for.</summary>
[Collection(nameof(TelemetryRunsAlone))]
public sealed class TelemetryConfigurationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Unconfigured_RegistersNoProvider_AndHasNoMetricsEndpoint()
    {
        await using var api = new SqliteApiFactory();
        using var client = api.CreateAnonymousClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics", Ct)).StatusCode);
        Assert.Null(api.Services.GetService<TracerProvider>());
        Assert.Null(api.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task Prometheus_ServesTheTextFormatAtMetrics_WithHeadlessBlogsOwnMetrics()
    {
        await using var api = new ConfiguredFactory(new() { ["Telemetry:Prometheus"] = "true" });
        using var editor = api.CreateApiClient();
        var created = await editor.PostAsync("/api/tags", JsonContent.Create(new { name = "Tag " + Guid.NewGuid().ToString("N") }), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var response = await api.CreateAnonymousClient().GetAsync("/metrics", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("headlessblog_content_writes_total{", text, StringComparison.Ordinal);
        Assert.Contains("type=\"tag.created\"", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket{", text, StringComparison.Ordinal);
        // Meters recording on every request that an operator does not need (their cost: docs/benchmarks.md).
        Assert.DoesNotContain("aspnetcore_routing_match_attempts", text, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnetcore_memory_pool", text, StringComparison.Ordinal);
        Assert.Null(response.Headers.CacheControl?.MaxAge); // never output-cached
    }

    [Fact]
    public async Task OtlpEndpointWithNoCollector_ExportsAsServiceHeadlessblog_AndRequestsStillSucceed()
    {
        // Port 9 (discard): nothing listens on loopback.
        await using var api = new ConfiguredFactory(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9" });
        using var client = api.CreateAnonymousClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/articles", Ct)).StatusCode);
        var tracing = api.Services.GetRequiredService<TracerProvider>();
        Assert.Equal("headlessblog", tracing.GetResource().Attributes.Single(a => a.Key == "service.name").Value);
        Assert.NotNull(api.Services.GetService<MeterProvider>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics", Ct)).StatusCode);
    }

    [Fact]
    public async Task ByDefault_TracesAtMostTracesPerSecondNewRequests_ButEveryRequestItsCallerSampled()
    {
        await using var api = new SampledFactory();
        using var client = api.CreateAnonymousClient();
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/tags", Ct)).StatusCode);
        }

        var sampledTrace = System.Diagnostics.ActivityTraceId.CreateRandom();
        using var traced = new HttpRequestMessage(HttpMethod.Get, "/api/tags");
        traced.Headers.Add("traceparent", $"00-{sampledTrace}-{System.Diagnostics.ActivitySpanId.CreateRandom()}-01");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(traced, Ct)).StatusCode);
        // A server span ends just after its response: wait (bounded) for the caller-sampled one.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!api.Telemetry.Spans.Snapshot().Any(s => s.TraceId == sampledTrace) && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20, Ct);
        }

        var servers = api.Telemetry.Spans.Snapshot().Where(s => s.Kind == System.Diagnostics.ActivityKind.Server).ToList();
        var allowed = 2 + (2 * started.Elapsed.TotalSeconds) + 1; // the bucket, its refill, the caller's
        Assert.InRange(servers.Count, 2, allowed);
        Assert.Contains(servers, s => s.TraceId == sampledTrace);
    }

    private sealed class ConfiguredFactory(Dictionary<string, string?> settings) : SqliteApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => settings;
    }

    /// <summary>Two new traces a second, spans kept in memory.</summary>
    private sealed class SampledFactory : SqliteApiFactory
    {
        public TelemetryCapture Telemetry { get; } = new();

        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            ["Telemetry:Enabled"] = "true",
            ["Telemetry:TracesPerSecond"] = "2",
        };

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            Telemetry.Configure(builder);
        }
    }
}
