using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HeadlessBlog.Api.Telemetry;

/// <summary>
/// HeadlessBlog's own meter (<see cref="MeterName"/>). Its instruments cost a check of a flag when nothing listens:
/// callers that must compute attributes first ask <see cref="Instrument.Enabled"/>.
/// </summary>
public sealed class BlogMetrics
{
    public const string MeterName = "HeadlessBlog";

    public BlogMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        OutputCacheRequests = Meter.CreateCounter<long>(
            "headlessblog.output_cache.requests", "{request}", "Cacheable reads, by endpoint and result (hit: served from the output cache; miss: computed).");
        Recomputations = Meter.CreateCounter<long>(
            "headlessblog.kept_results.recomputations", "{result}", "Kept results (list lengths, suggestion rankings, tag counts) computed again, by kind.");
        ContentWrites = Meter.CreateCounter<long>(
            "headlessblog.content.writes", "{event}", "Committed content changes, by entity and kind (created, updated, published, unpublished, deleted…).");
        SlugRedirects = Meter.CreateCounter<long>(
            "headlessblog.slug_redirects", "{response}", "301s served for an old slug, by resource.");
        Unavailable = Meter.CreateCounter<long>(
            "headlessblog.unavailable", "{response}", "503 responses, by cause.");
        ChangeLogTailLag = Meter.CreateGauge<double>(
            "headlessblog.change_log.tail_lag", "s", "How far this instance's change worker is behind: the longest an event it applied in its last round had been committed (0 when none was waiting).");
        WebhookAttempts = Meter.CreateCounter<long>(
            "headlessblog.webhook.attempts", "{attempt}", "Webhook delivery attempts, by outcome (succeeded, retry, failed, gone).");
        WebhookDeliveryLag = Meter.CreateHistogram<double>(
            "headlessblog.webhook.delivery_lag", "s", "From an event's commit to the first attempt of its delivery.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800] });
    }

    public Meter Meter { get; }

    public Counter<long> OutputCacheRequests { get; }

    public Counter<long> Recomputations { get; }

    public Counter<long> ContentWrites { get; }

    public Counter<long> SlugRedirects { get; }

    public Counter<long> Unavailable { get; }

    public Gauge<double> ChangeLogTailLag { get; }

    public Counter<long> WebhookAttempts { get; }

    public Histogram<double> WebhookDeliveryLag { get; }

    /// <summary>Counts one with one attribute, computing nothing when nothing listens.</summary>
    public static void Count(Counter<long> counter, string name, string? value)
    {
        if (counter.Enabled)
        {
            counter.Add(1, new KeyValuePair<string, object?>(name, value));
        }
    }

    /// <summary>The name of the endpoint that serves the request (its <c>WithName</c>), the <c>endpoint</c> attribute.</summary>
    public static string? EndpointOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;

    /// <summary>HeadlessBlog's own spans (rounds of the background workers).</summary>
    public static readonly ActivitySource Activities = new(MeterName);
}
