using System.Globalization;
using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Api.Telemetry;

namespace HeadlessBlog.Api.Delivery;

/// <summary>
/// Results computed from many rows and cheap to keep — the lengths of filtered lists, suggestion rankings, tag article
/// counts — kept until the next article or tag write (which clears them) or the next publication epoch (part of every
/// key: a scheduled article appearing changes them, and so may another instance's writes): counting a list is a scan
/// of every matching article and ranking suggestions a grouping of every assignment of the article's tags, while the
/// page or the suggested articles themselves are index seeks.
/// </summary>
public sealed class DerivedResults(PublicationSchedule schedule, BlogMetrics metrics)
{
    private const int MaxEntries = 10_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, object> _results = new(StringComparer.Ordinal);

    public void Clear() => _results.Clear();

    /// <param name="key">Its kind (up to the first U+001F, e.g. <c>articles</c>, <c>suggestions</c>), then everything it depends on besides writes and the epoch (filters, ids).</param>
    /// <param name="compute">Computes it when it is not kept; the result must not be changed afterwards.</param>
    /// <param name="cancellationToken">Cancels reading the publication schedule.</param>
    public async Task<T> GetOrComputeAsync<T>(string key, Func<Task<T>> compute, CancellationToken cancellationToken)
        where T : notnull
    {
        var epoch = (await schedule.CurrentAsync(cancellationToken)).Epoch;
        var fullKey = key + '\u001f' + epoch.ToString(CultureInfo.InvariantCulture);
        if (_results.TryGetValue(fullKey, out var known) && known is T result)
        {
            return result;
        }

        var computed = await compute();
        if (metrics.Recomputations.Enabled)
        {
            BlogMetrics.Count(metrics.Recomputations, "kind", key.Split('\u001f', 2)[0]);
        }

        if (_results.Count >= MaxEntries)
        {
            _results.Clear();
        }

        _results[fullKey] = computed;
        return computed;
    }
}
