using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HeadlessBlog.Api.Tests.Webhooks;

/// <summary>A request a <see cref="Receiver"/> got.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";
}

/// <summary>
/// A real webhook receiver: Kestrel on a loopback port, recording every request and answering as the test says
/// (a status per request, optionally after a delay). It can be stopped and started again on the same port.
/// </summary>
public sealed class Receiver : IAsyncDisposable
{
    private WebApplication? _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();

    public int Port { get; private set; }

    public string Url => $"http://127.0.0.1:{Port}/hook";

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>The status to answer the n-th request (0-based) with; 200 unless the test says otherwise.</summary>
    public Func<int, int> Status { get; set; } = _ => 200;

    /// <summary>How long to wait before answering the n-th request.</summary>
    public Func<int, TimeSpan> Delay { get; set; } = _ => TimeSpan.Zero;

    public static async Task<Receiver> StartAsync()
    {
        var receiver = new Receiver();
        await receiver.StartAgainAsync();
        return receiver;
    }

    /// <summary>Starts listening (on the same port as before, after <see cref="StopAsync"/>).</summary>
    public async Task StartAgainAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, Port));
        var app = builder.Build();
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            var index = _requests.Count;
            _requests.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path, headers, body));
            await Task.Delay(Delay(index), context.RequestAborted);
            context.Response.StatusCode = Status(index);
            await context.Response.WriteAsync("answer " + index, context.RequestAborted);
        });
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        Port = new Uri(addresses.Addresses.First()).Port;
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
