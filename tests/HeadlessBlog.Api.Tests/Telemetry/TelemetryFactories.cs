using System.Collections.ObjectModel;
using System.Data.Common;
using System.Diagnostics;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Api.Tests.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace HeadlessBlog.Api.Tests.Telemetry;

/// <summary>
/// What a telemetry test host adds to a webhook test host: OpenTelemetry on (<c>Telemetry:Enabled</c>) with in-memory
/// exporters, and a switch that makes every database command fail as an unreachable database does.
/// </summary>
public sealed class TelemetryCapture : DbCommandInterceptor
{
    public LockedList<Activity> Spans { get; } = new();

    public LockedList<MetricSnapshot> Metrics { get; } = new();

    public bool DatabaseUnavailable { get; set; }

    public static Dictionary<string, string?> Settings(Dictionary<string, string?> settings)
    {
        settings["Telemetry:Enabled"] = "true";
        // Every request traced: the tests read the trace of each one.
        settings["Telemetry:TracesPerSecond"] = "1000000";
        return settings;
    }

    public void Configure(IWebHostBuilder builder) => builder.ConfigureTestServices(services =>
    {
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(this);
    });

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        DatabaseUnavailable
            // What the execution strategy throws when the database stayed unreachable through its retries.
            ? throw new RetryLimitExceededException("The database stayed unreachable (test).", new TimeoutException())
            : ValueTask.FromResult(result);
}

/// <summary>A list the exporters may add to from any thread while the test reads copies.</summary>
public sealed class LockedList<T> : Collection<T>
{
    private readonly Lock _lock = new();

    public List<T> Snapshot()
    {
        lock (_lock)
        {
            return [.. Items];
        }
    }

    protected override void InsertItem(int index, T item)
    {
        lock (_lock)
        {
            base.InsertItem(index, item);
        }
    }

    protected override void ClearItems()
    {
        lock (_lock)
        {
            base.ClearItems();
        }
    }
}

/// <summary>A host whose telemetry a test reads.</summary>
public interface ITelemetryHost
{
    TelemetryCapture Telemetry { get; }
}

public class TelemetrySqliteFactory : WebhookSqliteFactory, ITelemetryHost
{
    public TelemetryCapture Telemetry { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => TelemetryCapture.Settings(new(base.Settings));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Telemetry.Configure(builder);
    }
}

public class TelemetrySqlServerFactory(SqlServerContainer container) : WebhookSqlServerFactory(container), ITelemetryHost
{
    public TelemetryCapture Telemetry { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => TelemetryCapture.Settings(new(base.Settings));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Telemetry.Configure(builder);
    }
}
