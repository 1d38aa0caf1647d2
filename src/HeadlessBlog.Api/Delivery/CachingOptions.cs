namespace HeadlessBlog.Api.Delivery;

/// <summary>HTTP caching settings (section <c>Caching</c>).</summary>
public sealed class CachingOptions
{
    /// <summary><c>max-age</c> of public responses, in seconds.</summary>
    public int MaxAgeSeconds { get; set; } = 60;

    /// <summary><c>stale-while-revalidate</c> of public responses, in seconds.</summary>
    public int StaleWhileRevalidateSeconds { get; set; } = 300;

    /// <summary>Whether anonymous GETs are kept in the output cache.</summary>
    public bool OutputCacheEnabled { get; set; } = true;

    /// <summary>How long an entry stays in the output cache (writes evict it earlier).</summary>
    public int OutputCacheSeconds { get; set; } = 300;

    /// <summary>
    /// A StackExchange.Redis configuration string (e.g. <c>localhost:6379</c>): keep the output cache there, shared by
    /// every instance that names it. Empty (the default): each instance keeps its own in memory.
    /// </summary>
    public string Redis { get; set; } = "";
}
