using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using HeadlessBlog.Api.Security;

namespace HeadlessBlog.Api.Tests.Hosting;

/// <summary>One request of the load: what it was, when it started and ended (Stopwatch ticks), and its status or error.</summary>
public sealed record LoadRequest(string What, long Started, long Ended, int? Status, Exception? Error)
{
    /// <summary>
    /// Refused before anything was sent: the listener was closed, so the request was never accepted. A client retries
    /// that elsewhere with no doubt about whether it was done.
    /// </summary>
    public bool Refused => Error is HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } };

    public bool Succeeded => Status is 200 or 201;

    public override string ToString() =>
        Error is null ? $"{What}: {Status}" : $"{What}: {Error.GetType().Name}: {Error.Message} <- {Error.InnerException?.GetType().Name}: {Error.InnerException?.Message}";
}

/// <summary>
/// Concurrent loops, each over its own keep-alive <see cref="HttpClient"/>: create a published article (with the key),
/// then read it, the list and the health check anonymously; every request is recorded. They run until told to stop.
/// </summary>
public sealed class ShutdownLoad(Uri baseAddress, string key, int loops)
{
    private readonly ConcurrentQueue<LoadRequest> _requests = new();
    private readonly ConcurrentQueue<int> _created = new();

    public IReadOnlyList<LoadRequest> Requests => [.. _requests];

    /// <summary>The articles whose POST answered 201.</summary>
    public IReadOnlyList<int> Created => [.. _created];

    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, loops).Select(loop => Task.Run(() => LoopAsync(loop, stop), CancellationToken.None)));

    private async Task LoopAsync(int loop, CancellationToken stop)
    {
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var id = await SendAsync(client, "POST /api/articles", () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles")
                {
                    Content = JsonContent.Create(new { title = $"Load {loop}-{i}-{Guid.NewGuid():N}", body = "Under load.", status = "published" }),
                };
                request.Headers.Add(ApiKeys.HeaderName, key);
                return request;
            });
            if (id is { } created)
            {
                _created.Enqueue(created);
                await SendAsync(client, $"GET /api/articles/{created}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{created}"));
            }

            await SendAsync(client, "GET /api/articles", () => new HttpRequestMessage(HttpMethod.Get, "/api/articles?pageSize=5"));
            await SendAsync(client, "GET /health/live", () => new HttpRequestMessage(HttpMethod.Get, "/health/live"));
        }
    }

    /// <summary>Sends one request and records it; returns the id of a created article.</summary>
    private async Task<int?> SendAsync(HttpClient client, string what, Func<HttpRequestMessage> create)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = create();
            using var response = await client.SendAsync(request, CancellationToken.None);
            // The whole body is read: a response cut off half way is a failure too.
            var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
            _requests.Enqueue(new LoadRequest(what, started, Stopwatch.GetTimestamp(), (int)response.StatusCode, null));
            return response.StatusCode == HttpStatusCode.Created ? JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt32() : null;
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException)
        {
            var failed = new LoadRequest(what, started, Stopwatch.GetTimestamp(), null, exception);
            _requests.Enqueue(failed);
            if (failed.Refused)
            {
                // Nothing listens (yet, or any more): no need to spin.
                await Task.Delay(20);
            }

            return null;
        }
    }
}
