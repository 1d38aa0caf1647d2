using System.Globalization;
using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Api.Telemetry;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace HeadlessBlog.Api.Delivery;

/// <summary>
/// Caches anonymous GETs of content; credentials turn it off. A stored entry is tagged with what its response showed
/// (<see cref="ResponseContent"/>) and varies on the publication epoch (<see cref="PublicationSchedule"/>).
/// </summary>
public sealed class ContentCachePolicy : IOutputCachePolicy
{
    public const string Name = "content";

    /// <summary>Taken from the first request's services (one policy per host): no container lookup on every cached read.</summary>
    private BlogMetrics? _metrics;

    public async ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptions<CachingOptions>>().Value;
        var cacheable = options.OutputCacheEnabled
            && HttpMethods.IsGet(http.Request.Method)
            && !Credentials.Present(http.Request);
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        if (!cacheable)
        {
            return;
        }

        var schedule = await http.RequestServices.GetRequiredService<PublicationSchedule>().CurrentAsync(cancellation);
        context.CacheVaryByRules.QueryKeys = "*";
        // No response depends on the host or scheme it was asked for: instances reached under different names share
        // entries (Caching:Redis), and made-up Host headers cannot fill the cache with copies.
        context.CacheVaryByRules.VaryByHost = false;
        context.CacheVaryByRules.VaryByValues["publication-epoch"] = schedule.Epoch.ToString(CultureInfo.InvariantCulture);
        context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(options.OutputCacheSeconds);
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        Count(context, "hit");
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        if (context.AllowCacheLookup)
        {
            Count(context, "miss");
        }

        if (context.HttpContext.Response.StatusCode != StatusCodes.Status200OK)
        {
            context.AllowCacheStorage = false;
            return ValueTask.CompletedTask;
        }

        foreach (var tag in context.HttpContext.RequestServices.GetRequiredService<ResponseContent>().Tags)
        {
            context.Tags.Add(tag);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>One cacheable read, by endpoint (its name) and result.</summary>
    private void Count(OutputCacheContext context, string result)
    {
        var requests = (_metrics ??= context.HttpContext.RequestServices.GetRequiredService<BlogMetrics>()).OutputCacheRequests;
        if (requests.Enabled)
        {
            requests.Add(
                1, new KeyValuePair<string, object?>("endpoint", BlogMetrics.EndpointOf(context.HttpContext)), new KeyValuePair<string, object?>("result", result));
        }
    }
}
