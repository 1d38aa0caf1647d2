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
}
