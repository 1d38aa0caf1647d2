using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace HeadlessBlog.Api.Infrastructure;

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

/// <summary>
/// Knows when the next scheduled article becomes visible. Cached responses vary on <see cref="Snapshot.Epoch"/>,
/// which changes once that moment has passed, so a scheduled article appears on time even in cached lists,
/// with no background job; and at least every <see cref="CachingOptions.OutputCacheSeconds"/>, for what other
/// instances on the same database wrote.
/// </summary>
/// <remarks>
/// One reading of the database at a time, shared by every request that needs it; none waits on a lock. When a reading
/// fails (the database is unavailable) the last snapshot stays in use, so the output cache keeps answering, and until
/// a reading succeeds again requests wait for the next one only briefly.
/// </remarks>
public sealed class PublicationSchedule(IServiceScopeFactory scopes, TimeProvider clock, IOptions<CachingOptions> options)
{
    private readonly Lock _gate = new();
    private Snapshot? _current;
    private Task<Snapshot>? _reading;
    private bool _stale = true;
    private bool _lastReadingFailed;

    /// <summary>
    /// When the snapshot is read again even without a write here (ticks of UTC), starting a new epoch: another instance
    /// on the same database may have written or scheduled something this one cannot know of. Responses and list counts
    /// cached under the old epoch are then no longer used, so instances sharing a database agree within
    /// <see cref="CachingOptions.OutputCacheSeconds"/> (as long as an output-cache entry lives anyway).
    /// </summary>
    private long _readAgainAt;

    private static readonly TimeSpan FailingWait = TimeSpan.FromMilliseconds(250);

    private bool IsFresh(Snapshot? current, DateTime now) =>
        current is not null && !Volatile.Read(ref _stale) && (current.Next is null || current.Next > now)
        && now.Ticks < Volatile.Read(ref _readAgainAt);

    public sealed record Snapshot(DateTime? Next, long Epoch);

    /// <summary>Called after every article write: the next scheduled time may have changed.</summary>
    public void Invalidate() => Volatile.Write(ref _stale, true);

    public async ValueTask<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var current = Volatile.Read(ref _current);
        if (IsFresh(current, now))
        {
            return current!;
        }

        Task<Snapshot> reading;
        bool patient;
        lock (_gate)
        {
            patient = current is null || !_lastReadingFailed;
            reading = _reading ??= ReadAsync();
        }

        if (patient)
        {
            return await reading.WaitAsync(cancellationToken);
        }

        // While the database is failing, a request with a snapshot to use waits only briefly for the next attempt
        // (long enough for a database that is back), then goes on with what was known.
        var first = await Task.WhenAny(reading, Task.Delay(FailingWait, cancellationToken));
        return first == reading ? await reading : current!;
    }

    private async Task<Snapshot> ReadAsync()
    {
        // Not tied to the request that started it: others share it. The database's own timeouts bound it.
        await Task.Yield();
        var now = clock.GetUtcNow().UtcDateTime;
        var current = Volatile.Read(ref _current);
        Volatile.Write(ref _stale, false);
        try
        {
            DateTime? next;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
                next = await ArticleQueries.NextScheduled(db, now).FirstOrDefaultAsync(CancellationToken.None);
            }

            // A new epoch once a scheduled time has passed, or the snapshot's lifetime: entries cached before it are
            // no longer served.
            var expired = current is not null && now.Ticks >= Volatile.Read(ref _readAgainAt);
            var passed = current?.Next is { } previous && previous <= now;
            var epoch = current is null ? 0 : current.Epoch + (passed || expired ? 1 : 0);
            Volatile.Write(ref _readAgainAt, now.AddSeconds(Math.Max(1, options.Value.OutputCacheSeconds)).Ticks);
            var snapshot = new Snapshot(next, epoch);
            Volatile.Write(ref _current, snapshot);
            Finish(failed: false);
            return snapshot;
        }
        catch (Exception) when (current is not null)
        {
            // Not known: keep serving what was known, in a new epoch if a scheduled time has passed, and ask again later.
            var passed = current.Next is { } previous && previous <= now;
            var kept = passed ? new Snapshot(null, current.Epoch + 1) : current;
            Volatile.Write(ref _current, kept);
            Finish(failed: true);
            return kept;
        }
        catch
        {
            Finish(failed: true);
            throw;
        }
    }

    private void Finish(bool failed)
    {
        lock (_gate)
        {
            if (failed)
            {
                Volatile.Write(ref _stale, true);
            }

            _lastReadingFailed = failed;
            _reading = null;
        }
    }
}

/// <summary>The output-cache tags of content, and their eviction after writes.</summary>
public sealed class ContentCache(IOutputCacheStore store, PublicationSchedule schedule, DerivedResults derived)
{
    public const string PolicyName = "content";
    public const string ArticleLists = "article-lists";
    public const string TagLists = "tag-lists";
    public const string TagCounts = "tag-counts";

    public static string Article(int id) => "article:" + id.ToString(CultureInfo.InvariantCulture);

    public static string Tag(int id) => "tag:" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Marks the response being produced with tags, so that writes can evict it.</summary>
    public static void TagResponse(HttpContext context, IEnumerable<string> tags)
    {
        if (context.Features.Get<IOutputCacheFeature>()?.Context is { } cache)
        {
            foreach (var tag in tags)
            {
                cache.Tags.Add(tag);
            }
        }
    }

    /// <summary>After an article or link write: its own entries (and pages showing it), every list, tag count and suggestion.</summary>
    public Task ArticleChangedAsync(IEnumerable<int> articleIds, CancellationToken cancellationToken)
    {
        schedule.Invalidate();
        derived.Clear();
        return EvictAsync([.. articleIds.Select(Article), ArticleLists, TagLists, TagCounts], cancellationToken);
    }

    /// <summary>After a tag write: the tag, tag lists, every article entry showing the tag, and every suggestion.</summary>
    public Task TagChangedAsync(int tagId, CancellationToken cancellationToken)
    {
        derived.Clear();
        return EvictAsync([Tag(tagId), TagLists, ArticleLists], cancellationToken);
    }

    public Task TagCreatedAsync(CancellationToken cancellationToken) => EvictAsync([TagLists], cancellationToken);

    private async Task EvictAsync(IEnumerable<string> tags, CancellationToken cancellationToken)
    {
        foreach (var tag in tags.Distinct())
        {
            await store.EvictByTagAsync(tag, cancellationToken);
        }
    }
}

/// <summary>Caches anonymous GETs of content; credentials turn it off.</summary>
public sealed class ContentCachePolicy : IOutputCachePolicy
{
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
        context.CacheVaryByRules.VaryByValues["publication-epoch"] = schedule.Epoch.ToString(CultureInfo.InvariantCulture);
        context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(options.OutputCacheSeconds);
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        if (context.HttpContext.Response.StatusCode != StatusCodes.Status200OK)
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}

public static class Credentials
{
    /// <summary>True when the request carries credentials: its response must never be shared.</summary>
    public static bool Present(HttpRequest request) =>
        request.Headers.ContainsKey(Security.ApiKeys.HeaderName) || request.Headers.ContainsKey(HeaderNames.Authorization);
}

/// <summary>
/// A JSON 200 with a strong ETag computed from the bytes it returns, <c>Cache-Control</c> for shared caches
/// (bounded by the next scheduled publication), and 304 when <c>If-None-Match</c> names the current ETag.
/// </summary>
/// <remarks>For an article or a tag, <paramref name="version"/> leads the ETag (<c>"version-hash"</c>), so the same ETag serves <c>If-Match</c>.</remarks>
public sealed class CacheableJson<T>(T value, Func<JsonNode, JsonNode>? shape = null, string? version = null)
    : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult<T>, IValueHttpResult
{
    public T Value => value;

    object? IValueHttpResult.Value => value;

    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var json = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var bytes = shape is null
            ? JsonSerializer.SerializeToUtf8Bytes(value, json)
            : JsonSerializer.SerializeToUtf8Bytes(shape(JsonSerializer.SerializeToNode(value, json)!), json);

        var etag = HttpCacheHeaders.ETagOf(bytes, version);
        var response = httpContext.Response;
        response.Headers.ETag = etag;
        await HttpCacheHeaders.ApplyAsync(httpContext);

        if (HttpCacheHeaders.Matches(httpContext.Request, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, httpContext.RequestAborted);
    }

#pragma warning disable CA1000 // Required by IEndpointMetadataProvider, a static abstract interface member.
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void)));
    }
#pragma warning restore CA1000
}

public static class HttpCacheHeaders
{
    /// <summary>A strong ETag: 128 bits of the SHA-256 of the body, base64url.</summary>
    public static string ETagOf(ReadOnlySpan<byte> body, string? version = null)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(body, hash);
        var digest = Convert.ToBase64String(hash[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return version is null ? "\"" + digest + "\"" : "\"" + version + "-" + digest + "\"";
    }

    /// <summary>301 to the same endpoint under the current slug, keeping the query string.</summary>
    public static RedirectHttpResult MovedTo(HttpRequest request, string basePath, string slug, string suffix = "") =>
        TypedResults.Redirect(basePath + Uri.EscapeDataString(slug) + suffix + request.QueryString, permanent: true);

    /// <summary>Public responses may be stored by shared caches for a while; responses to credentials never.</summary>
    public static async ValueTask ApplyAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.Vary = "X-Api-Key, Authorization";
        if (Credentials.Present(context.Request))
        {
            headers.CacheControl = "private, no-store";
            return;
        }

        var options = context.RequestServices.GetRequiredService<IOptions<CachingOptions>>().Value;
        var schedule = await context.RequestServices.GetRequiredService<PublicationSchedule>().CurrentAsync(context.RequestAborted);
        var maxAge = options.MaxAgeSeconds;
        if (schedule.Next is { } next)
        {
            var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            maxAge = (int)Math.Clamp(Math.Ceiling((next - now).TotalSeconds), 0, maxAge);
        }

        headers.CacheControl = string.Create(
            CultureInfo.InvariantCulture,
            $"public, max-age={maxAge}, stale-while-revalidate={options.StaleWhileRevalidateSeconds}");
    }

    /// <summary>Whether <c>If-None-Match</c> names <paramref name="etag"/> (or is <c>*</c>); weak comparison, as for GET.</summary>
    public static bool Matches(HttpRequest request, string etag)
    {
        if (!EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var candidates))
        {
            return false;
        }

        var current = new EntityTagHeaderValue(etag);
        return candidates.Any(c => c.Equals(EntityTagHeaderValue.Any) || c.Compare(current, useStrongComparison: false));
    }
}
