using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace HeadlessBlog.Bench.Ceiling;

/// <summary>The real endpoint's response, captured once: status 200, its body and the headers that describe it.</summary>
internal sealed class CeilingSource(IServiceProvider services, string slug)
{
    /// <summary>Headers written per response (by the server, or by the output cache when it serves an entry).</summary>
    private static readonly HashSet<string> PerResponseHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Date", "Server", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Age",
    };

    private readonly Lock _lock = new();
    private Task<Snapshot>? _snapshot;

    public async Task WriteAsync(HttpContext context)
    {
        var snapshot = await GetAsync();
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        foreach (var (name, value) in snapshot.Headers)
        {
            response.Headers[name] = value;
        }

        response.ContentLength = snapshot.Body.Length;
        await response.Body.WriteAsync(snapshot.Body, context.RequestAborted);
    }

    private Task<Snapshot> GetAsync()
    {
        lock (_lock)
        {
            // A failed fetch (e.g. the slug does not exist yet) is tried again on the next request.
            if (_snapshot is null || _snapshot.IsFaulted || _snapshot.IsCanceled)
            {
                _snapshot = FetchAsync();
            }

            return _snapshot;
        }
    }

    /// <summary>Through HTTP on the app's own listening address (no compression asked).</summary>
    private async Task<Snapshot> FetchAsync()
    {
        using var client = new HttpClient { BaseAddress = OwnAddress(), Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.GetAsync(
            new Uri("/api/articles/slug/" + Uri.EscapeDataString(slug), UriKind.Relative), CancellationToken.None);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !PerResponseHeaders.Contains(h.Key))
            .Select(h => KeyValuePair.Create(h.Key, string.Join(", ", h.Value)))
            .ToList();
        return new Snapshot(body, headers);
    }

    private Uri OwnAddress()
    {
        var address = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server has no listening address.");
        // Wildcard hosts ("http://+:80", "http://0.0.0.0:80", "http://[::]:80") are reached on the loopback.
        var uri = new UriBuilder(address.Replace("://+:", "://localhost:", StringComparison.Ordinal)
            .Replace("://*:", "://localhost:", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "localhost";
        }

        return uri.Uri;
    }

    private sealed record Snapshot(byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers);
}
