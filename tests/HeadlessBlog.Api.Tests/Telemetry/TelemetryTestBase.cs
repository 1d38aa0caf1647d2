using System.Diagnostics;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Api.Tests.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace HeadlessBlog.Api.Tests.Telemetry;

/// <summary>
/// The OpenTelemetry listeners of a process hear every host in it (activity sources and meters are matched by name), so
/// the telemetry tests run alone: no other test's requests land in their exporters.
/// </summary>
[CollectionDefinition(nameof(TelemetryRunsAlone), DisableParallelization = true)]
public sealed class TelemetryRunsAlone;

/// <summary>Reads what the host exported: spans as they end, metrics as of a flush (cumulative sums).</summary>
public abstract class TelemetryTestBase<TFactory>(TFactory factory) : DeliveryTestBase<TFactory>(factory)
    where TFactory : ApiFactory, ITelemetryHost
{
    private TelemetryCapture Capture => Factory.Telemetry;

    /// <summary>The spans of <paramref name="traceId"/> once its server span has ended (bounded: 5 s).</summary>
    protected async Task<List<Activity>> TraceAsync(ActivityTraceId traceId)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var spans = Capture.Spans.Snapshot().Where(s => s.TraceId == traceId).ToList();
            if (spans.Any(s => s.Kind == ActivityKind.Server) || waited.Elapsed > TimeSpan.FromSeconds(5))
            {
                return spans;
            }

            await Task.Delay(20, Ct);
        }
    }

    /// <summary>The server spans exported so far.</summary>
    protected List<Activity> ServerSpans() => [.. Capture.Spans.Snapshot().Where(s => s.Kind == ActivityKind.Server)];

    /// <summary>The newest exported points of metric <paramref name="name"/> after a collection.</summary>
    protected List<MetricPoint> Points(string name)
    {
        SkipUnlessAvailable();
        Capture.Metrics.Clear();
        Assert.True(Factory.Services.GetRequiredService<MeterProvider>().ForceFlush(5000));
        var snapshot = Capture.Metrics.Snapshot().LastOrDefault(m => m.Name == name);
        return snapshot is null ? [] : [.. snapshot.MetricPoints];
    }

    /// <summary>The running total of counter <paramref name="name"/> over the points carrying every tag of <paramref name="tags"/>.</summary>
    protected long Sum(string name, params (string Key, string Value)[] tags) =>
        Points(name).Where(p => Has(p, tags)).Sum(p => p.GetSumLong());

    protected static bool Has(MetricPoint point, (string Key, string Value)[] tags)
    {
        var found = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
        {
            found[tag.Key] = tag.Value;
        }

        return tags.All(t => found.TryGetValue(t.Key, out var value) && Equals(value?.ToString(), t.Value));
    }

    protected void SkipUnlessAvailable() => Assert.SkipWhen(Factory.UnavailableReason is not null, Factory.UnavailableReason ?? "");

    protected void DatabaseUnavailable(bool unavailable) => Capture.DatabaseUnavailable = unavailable;
}
