using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace HeadlessBlog.Api.Delivery;

/// <summary>
/// Where the output cache keeps its entries: in this instance's memory (the default), or in Redis when
/// <c>Caching:Redis</c> is set, shared by every instance that names the same server — an entry cached through one
/// instance is served by all, and a write through any instance evicts it for all. Either way the rest of the app sees
/// only <see cref="IOutputCacheStore"/> (<see cref="ContentEviction"/> evicts by tag through it).
/// </summary>
public static class OutputCacheStorage
{
    /// <summary>Prefix of every key the API writes, so several apps can share one Redis.</summary>
    public const string RedisInstanceName = "headlessblog:";

    public static IServiceCollection AddBlogOutputCache(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOutputCache(options => options.AddPolicy(ContentCachePolicy.Name, new ContentCachePolicy()));
        var redis = configuration.GetSection("Caching").Get<CachingOptions>()?.Redis;
        if (string.IsNullOrWhiteSpace(redis))
        {
            return services;
        }

        var connection = RedisConnection(redis);
        services.AddStackExchangeRedisOutputCache(options =>
        {
            options.ConfigurationOptions = connection;
            options.InstanceName = RedisInstanceName;
        });

        // The library's store (an internal type) replaces the in-memory one, wrapped so that Redis being unreachable
        // turns into cache misses instead of failed requests.
        var redisStore = services.Last(d => d.ServiceType == typeof(IOutputCacheStore)).ImplementationType!;
        services.RemoveAll<IOutputCacheStore>();
        services.AddSingleton<IOutputCacheStore>(sp => new TolerantOutputCacheStore(
            (IOutputCacheStore)ActivatorUtilities.CreateInstance(sp, redisStore),
            sp.GetRequiredService<ILogger<TolerantOutputCacheStore>>()));
        return services;
    }

    /// <summary>
    /// A cache must not slow requests down when it is away: commands fail at once while disconnected instead of
    /// queueing (the library's default would hold each for five seconds), and connecting or a command the server does
    /// not answer gives up after a second, unless the string sets <c>connectTimeout</c>, <c>asyncTimeout</c> or
    /// <c>syncTimeout</c>.
    /// </summary>
    internal static ConfigurationOptions RedisConnection(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.BacklogPolicy = BacklogPolicy.FailFast;
        if (!Names(configuration, "syncTimeout"))
        {
            options.SyncTimeout = 1000;
        }

        if (!Names(configuration, "asyncTimeout"))
        {
            options.AsyncTimeout = 1000;
        }

        if (!Names(configuration, "connectTimeout"))
        {
            options.ConnectTimeout = 1000;
        }

        return options;

        static bool Names(string configuration, string option) =>
            configuration.Split(',').Any(part => part.Trim().StartsWith(option + "=", StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>
/// An output-cache store whose failures are misses: a lookup that fails finds nothing, a store or an eviction that
/// fails is dropped, each logged once when the store starts failing and once when it works again. A write whose
/// eviction was dropped still succeeds; the stale entry lives at most <c>Caching:OutputCacheSeconds</c>, and only where
/// readers still reach a server this instance could not (the change worker of every instance evicts it too).
/// </summary>
public sealed partial class TolerantOutputCacheStore(IOutputCacheStore inner, ILogger<TolerantOutputCacheStore> logger)
    : IOutputCacheBufferStore, IDisposable
{
    private int _failing;

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var value = await inner.GetAsync(key, cancellationToken);
            Succeeded();
            return value;
        }
        catch (Exception exception) when (IsFailure(exception, cancellationToken))
        {
            Failed(exception);
            return null;
        }
    }

    public async ValueTask<bool> TryGetAsync(string key, PipeWriter destination, CancellationToken cancellationToken)
    {
        if (inner is not IOutputCacheBufferStore buffers)
        {
            var value = await GetAsync(key, cancellationToken);
            if (value is null)
            {
                return false;
            }

            await destination.WriteAsync(value, cancellationToken);
            return true;
        }

        try
        {
            var found = await buffers.TryGetAsync(key, destination, cancellationToken);
            Succeeded();
            return found;
        }
        catch (Exception exception) when (IsFailure(exception, cancellationToken))
        {
            Failed(exception);
            return false;
        }
    }

    public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken) =>
        Guard(() => inner.SetAsync(key, value, tags, validFor, cancellationToken), cancellationToken);

    public ValueTask SetAsync(
        string key, ReadOnlySequence<byte> value, ReadOnlyMemory<string> tags, TimeSpan validFor, CancellationToken cancellationToken) =>
        inner is IOutputCacheBufferStore buffers
            ? Guard(() => buffers.SetAsync(key, value, tags, validFor, cancellationToken), cancellationToken)
            : SetAsync(key, value.ToArray(), tags.ToArray(), validFor, cancellationToken);

    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) =>
        Guard(() => inner.EvictByTagAsync(tag, cancellationToken), cancellationToken);

    public void Dispose() => (inner as IDisposable)?.Dispose();

    private async ValueTask Guard(Func<ValueTask> operation, CancellationToken cancellationToken)
    {
        try
        {
            await operation();
            Succeeded();
        }
        catch (Exception exception) when (IsFailure(exception, cancellationToken))
        {
            Failed(exception);
        }
    }

    // The caller giving up is not the store failing.
    private static bool IsFailure(Exception exception, CancellationToken cancellationToken) =>
        !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private void Failed(Exception exception)
    {
        if (Interlocked.Exchange(ref _failing, 1) == 0)
        {
            LogFailing(logger, exception);
        }
    }

    private void Succeeded()
    {
        if (Volatile.Read(ref _failing) == 1 && Interlocked.Exchange(ref _failing, 0) == 1)
        {
            LogRecovered(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The shared output cache is unavailable: requests are answered uncached until it is back")]
    private static partial void LogFailing(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The shared output cache is available again")]
    private static partial void LogRecovered(ILogger logger);
}
