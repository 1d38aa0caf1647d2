using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace HeadlessBlog.Api.Hosting;

/// <summary>
/// The first step of a graceful shutdown, before Kestrel's own: stop accepting connections (a new client is refused,
/// never reset), then answer every request on the open connections with <c>Connection: close</c> and wait, at most
/// <see cref="MaxDrain"/>, until their clients have closed them.
/// </summary>
/// <remarks>
/// Why: on its own, Kestrel closes each keep-alive connection the moment its current request is done, and one that
/// is between two requests at once. An HTTP/1.1 client that has just read a response without <c>Connection: close</c>
/// sends its next request on that connection, and gets "the response ended prematurely"; HttpClient retries that
/// only for a request without a body, so a POST fails though it was never received (seen in
/// tests/HeadlessBlog.Api.Tests/Hosting/GracefulShutdownTests.cs). Here a connection is only closed after a response
/// that said so, and the client opens a new one, which is refused. What is left when the drain ends (connections idle
/// all along, HTTP/2 ones) Kestrel closes as before.
/// </remarks>
public sealed class ConnectionDrain : IHostedLifecycleService
{
    /// <summary>How long clients get to send the request that is answered with <c>Connection: close</c>.</summary>
    public static readonly TimeSpan MaxDrain = TimeSpan.FromSeconds(2);

    private readonly List<IConnectionListener> _listeners = [];
    private int _open;
    private volatile bool _draining;

    /// <summary>Whether responses now close their connection.</summary>
    public bool Draining => _draining;

    /// <summary>Connections accepted and not yet closed.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        IConnectionListener[] listeners;
        lock (_listeners)
        {
            listeners = [.. _listeners];
        }

        // Refuse new connections first: a client told to close would otherwise reconnect and be cut off at the end.
        foreach (var listener in listeners)
        {
            await listener.UnbindAsync(cancellationToken);
        }

        _draining = true;
        var deadline = Environment.TickCount64 + (long)MaxDrain.TotalMilliseconds;
        while (OpenConnections > 0 && Environment.TickCount64 < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(10, CancellationToken.None);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Track(ConnectionContext connection)
    {
        Interlocked.Increment(ref _open);
        connection.ConnectionClosed.Register(static state => Interlocked.Decrement(ref ((ConnectionDrain)state!)._open), this);
    }

    /// <summary>Kestrel's sockets transport, with listeners this drain can unbind and connections it counts.</summary>
    internal sealed class ListenerFactory(SocketTransportFactory sockets, ConnectionDrain drain)
        : IConnectionListenerFactory, IConnectionListenerFactorySelector
    {
        public bool CanBind(EndPoint endpoint) => sockets.CanBind(endpoint);

        public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
        {
            var listener = new Listener(await sockets.BindAsync(endpoint, cancellationToken), drain);
            lock (drain._listeners)
            {
                drain._listeners.Add(listener);
            }

            return listener;
        }
    }

    private sealed class Listener(IConnectionListener inner, ConnectionDrain drain) : IConnectionListener
    {
        public EndPoint EndPoint => inner.EndPoint;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            var connection = await inner.AcceptAsync(cancellationToken);
            if (connection is not null)
            {
                drain.Track(connection);
            }

            return connection;
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default) => inner.UnbindAsync(cancellationToken);

        public ValueTask DisposeAsync()
        {
            lock (drain._listeners)
            {
                drain._listeners.Remove(this);
            }

            return inner.DisposeAsync();
        }
    }
}

public static class ConnectionDrainSetup
{
    /// <summary>The drain, and Kestrel's sockets transport wrapped so that it can stop accepting before Kestrel stops.</summary>
    public static IServiceCollection AddConnectionDrain(this IServiceCollection services)
    {
        services.AddSingleton<ConnectionDrain>();
        services.AddHostedService(sp => sp.GetRequiredService<ConnectionDrain>());
        // Kestrel binds with the last transport registered that can bind the address: this one.
        services.AddSingleton<IConnectionListenerFactory>(sp => new ConnectionDrain.ListenerFactory(
            ActivatorUtilities.CreateInstance<SocketTransportFactory>(sp), sp.GetRequiredService<ConnectionDrain>()));
        return services;
    }

    /// <summary>
    /// While draining, every HTTP/1.x response closes its connection (<c>Connection: close</c>, set when the response
    /// starts, so that error responses keep it too). HTTP/2 has GOAWAY for this, which Kestrel sends.
    /// </summary>
    public static IApplicationBuilder UseConnectionDrain(this IApplicationBuilder app)
    {
        var drain = app.ApplicationServices.GetRequiredService<ConnectionDrain>();
        return app.Use((context, next) =>
        {
            if (drain.Draining && (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol)))
            {
                context.Response.OnStarting(static state =>
                {
                    ((HttpResponse)state).Headers.Connection = "close";
                    return Task.CompletedTask;
                }, context.Response);
            }

            return next(context);
        });
    }
}
