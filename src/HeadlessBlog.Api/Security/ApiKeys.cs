using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Security;

public static class Scopes
{
    /// <summary>Read drafts and scheduled articles.</summary>
    public const string Read = "content:read";

    /// <summary>Create, update and delete articles, tags and links; implies <see cref="Read"/>.</summary>
    public const string Write = "content:write";

    /// <summary>
    /// Register, change and remove webhooks and see their deliveries. Not implied by <see cref="Write"/>: webhooks decide
    /// where content and signing secrets go, which an editor's key should not.
    /// </summary>
    public const string ManageWebhooks = "webhooks:manage";

    /// <summary>
    /// Read the audit log: who did what to articles, tags, webhooks and keys. Implied by no other scope: it shows every
    /// key's doings, which an editor's or a webhook operator's key should not.
    /// </summary>
    public const string ReadAudit = "audit:read";

    public static readonly string[] All = [Read, Write, ManageWebhooks, ReadAudit];

    public const string ClaimType = "scope";

    public static bool CanRead(this ClaimsPrincipal user) =>
        user.HasClaim(ClaimType, Read) || user.HasClaim(ClaimType, Write);

    public static bool CanWrite(this ClaimsPrincipal user) => user.HasClaim(ClaimType, Write);
}

/// <summary>Creating, finding and revoking API keys. Keys look like <c>hb_&lt;prefix&gt;_&lt;secret&gt;</c>.</summary>
public static class ApiKeys
{
    public const string HeaderName = "X-Api-Key";
    private const string Marker = "hb_";

    /// <summary>A new random key (256-bit secret); returns the entity to store and the key to show once.</summary>
    public static (ApiKey Entity, string Key) Create(string name, IEnumerable<string> scopes, DateTime now)
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var entity = new ApiKey
        {
            Name = name,
            Prefix = prefix,
            SecretHash = Hash(secret),
            Scopes = string.Join(' ', scopes.Distinct()),
            CreatedAt = now,
        };
        return (entity, $"{Marker}{prefix}_{secret}");
    }

    /// <summary>Splits a presented key into prefix and secret; false when it has not the shape of a key.</summary>
    public static bool TryParse(string? presented, out string prefix, out string secret)
    {
        prefix = secret = "";
        if (presented is null || presented.Length > 200 || !presented.StartsWith(Marker, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = presented.AsSpan(Marker.Length);
        var separator = rest.IndexOf('_');
        if (separator != 16)
        {
            return false;
        }

        prefix = rest[..separator].ToString();
        secret = rest[(separator + 1)..].ToString();
        return secret.Length > 0;
    }

    /// <summary>
    /// The active key matching <paramref name="presented"/>, or null. The secret's hash is compared in constant time;
    /// an unknown prefix still costs one comparison.
    /// </summary>
    public static async Task<ApiKey?> FindAsync(BlogDbContext db, string? presented, CancellationToken cancellationToken)
    {
        if (!TryParse(presented, out var prefix, out var secret))
        {
            return null;
        }

        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        var expected = key?.SecretHash ?? new byte[32];
        var matches = CryptographicOperations.FixedTimeEquals(Hash(secret), expected);
        return matches && key is { RevokedAt: null } ? key : null;
    }

    public static string[] ScopesOf(ApiKey key) => key.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>The id of the API key a request was made with; null for anonymous requests and the system's own work.</summary>
    public static int? KeyIdOf(ClaimsPrincipal? user) =>
        user?.FindFirstValue(ClaimTypes.NameIdentifier) is { } id
        && int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var keyId)
            ? keyId
            : null;
}
