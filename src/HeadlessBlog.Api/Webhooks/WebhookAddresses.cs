using System.Net;
using System.Net.Sockets;

namespace HeadlessBlog.Api.Webhooks;

/// <summary>
/// Which addresses a webhook may call (OWASP API7, server-side request forgery): only public ones, so a registered
/// URL can never make the API reach its own host, the private network or a cloud metadata service. Checked when a
/// webhook is registered and again when each delivery connects, since a name may resolve differently later.
/// </summary>
public static class WebhookAddresses
{
    /// <summary>Looks up the addresses of a host name; a fake in tests, <see cref="SystemDns"/> otherwise.</summary>
    public delegate Task<IPAddress[]> Resolver(string host, CancellationToken cancellationToken);

    /// <summary>The machine's own resolver.</summary>
    public static readonly Resolver SystemDns = (host, ct) => Dns.GetHostAddressesAsync(host, ct);

    private const string OnlyPublic = "webhooks may only call public addresses.";

    /// <summary>IPv4 ranges no webhook may reach, each with what it is (for the message that refuses it).</summary>
    private static readonly (IPNetwork Range, string Kind)[] ForbiddenV4 =
    [
        (IPNetwork.Parse("255.255.255.255/32"), "the broadcast address"),
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified address"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address"),
        (IPNetwork.Parse("100.64.0.0/10"), "a carrier-grade NAT address"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address"),
        (IPNetwork.Parse("192.0.0.0/24"), "a protocol-assignment address"),
        (IPNetwork.Parse("192.0.2.0/24"), "a documentation address"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address"),
        (IPNetwork.Parse("198.18.0.0/15"), "a benchmarking address"),
        (IPNetwork.Parse("198.51.100.0/24"), "a documentation address"),
        (IPNetwork.Parse("203.0.113.0/24"), "a documentation address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved address"),
    ];

    /// <summary>IPv6 ranges no webhook may reach; forms that carry an IPv4 address are checked by that address.</summary>
    private static readonly (IPNetwork Range, string Kind)[] ForbiddenV6 =
    [
        (IPNetwork.Parse("::1/128"), "a loopback address"),
        (IPNetwork.Parse("::/128"), "an unspecified address"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "a local-use NAT64 address"),
        (IPNetwork.Parse("100::/64"), "a discard-only address"),
        (IPNetwork.Parse("2001:db8::/32"), "a documentation address"),
        (IPNetwork.Parse("fc00::/7"), "a unique-local address"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("fec0::/10"), "a site-local address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
    ];

    /// <summary>
    /// IPv6 forms that carry an IPv4 address, and the byte at which those four bytes start. IPv4-mapped addresses
    /// (::ffff:a.b.c.d) are not among them: <see cref="IPNetwork.Contains"/> does not match them to an IPv6 range, so
    /// they are mapped back first.
    /// </summary>
    private static readonly (IPNetwork Range, int Offset)[] CarriesV4 =
    [
        (IPNetwork.Parse("::/96"), 12), // IPv4-compatible
        (IPNetwork.Parse("64:ff9b::/96"), 12), // NAT64
        (IPNetwork.Parse("2002::/16"), 2), // 6to4
    ];

    /// <summary>Whether a webhook may call this address: false for loopback, private, link-local and other special ranges.</summary>
    public static bool IsPublic(IPAddress address) => KindOfForbidden(address) is null;

    /// <summary>
    /// Why a webhook may not be registered with this URL, as one sentence for a 400; null when it may. Every address a
    /// name resolves to must be public: one private answer is enough for a delivery to reach the private network.
    /// </summary>
    public static async Task<string?> RefusalAsync(Uri url, Resolver resolve, CancellationToken cancellationToken)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.IdnHost.Length == 0)
        {
            return "'url' must be an absolute http or https URL with a host.";
        }

        var host = url.IdnHost;
        if (IsLocalhost(host))
        {
            return $"'url' names {host}, a loopback host: {OnlyPublic}";
        }

        if (IPAddress.TryParse(host, out var literal))
        {
            return KindOfForbidden(literal) is { } kind ? $"'url' is {literal}, {kind}: {OnlyPublic}" : null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await resolve(host, cancellationToken);
        }
        catch (SocketException)
        {
            addresses = [];
        }

        if (addresses.Length == 0)
        {
            return $"'url' names {host}, which does not resolve: a webhook needs a host with a public address.";
        }

        foreach (var address in addresses)
        {
            if (KindOfForbidden(address) is { } kind)
            {
                return $"'url' resolves to {address}, {kind}: {OnlyPublic}";
            }
        }

        return null;
    }

    /// <summary>
    /// A <see cref="SocketsHttpHandler.ConnectCallback"/> that resolves the host once, refuses it (unless private
    /// networks are allowed) when any address is not public, and connects to the addresses it checked, in order. No
    /// second lookup: a name that answers a public address to the check and a private one later (DNS rebinding)
    /// cannot slip through, since the address checked is the address connected to.
    /// </summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectCallback(
        bool allowPrivateNetworks, Resolver resolve) =>
        async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal)
                ? [literal]
                : await resolve(host, cancellationToken);
            if (!allowPrivateNetworks)
            {
                foreach (var address in addresses)
                {
                    if (KindOfForbidden(address) is { } kind)
                    {
                        var named = literal is null ? $"{host} resolves to {address}" : $"{host} is";
                        throw new WebhookAddressRefusedException($"{named}, {kind}: {OnlyPublic}");
                    }
                }
            }

            return await ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
        };

    /// <summary>Connects to the first of these addresses that answers; fails as the last one did.</summary>
    private static async Task<Stream> ConnectAsync(IPAddress[] addresses, int port, CancellationToken cancellationToken)
    {
        var failure = new SocketException((int)SocketError.HostNotFound);
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                failure = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw failure;
    }

    /// <summary>localhost and its subdomains (RFC 6761) are loopback whatever a resolver says; no lookup needed.</summary>
    private static bool IsLocalhost(string host)
    {
        var name = host.TrimEnd('.');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>What kind of forbidden address this is (for the refusal message), or null when it is public.</summary>
    private static string? KindOfForbidden(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return ForbiddenV4.FirstOrDefault(f => f.Range.Contains(address)).Kind;
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return "not an IP address";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return KindOfForbidden(address.MapToIPv4());
        }

        var kind = ForbiddenV6.FirstOrDefault(f => f.Range.Contains(address)).Kind;
        if (kind is not null)
        {
            return kind;
        }

        var bytes = address.GetAddressBytes();
        foreach (var (range, offset) in CarriesV4)
        {
            if (range.Contains(address))
            {
                return KindOfForbidden(new IPAddress(bytes.AsSpan(offset, 4)));
            }
        }

        return null;
    }
}

/// <summary>A webhook delivery was about to connect to an address that is not public; nothing was sent.</summary>
public sealed class WebhookAddressRefusedException(string message) : Exception(message);
