using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace HeadlessBlog.Api.Sync;

/// <summary>
/// Where a sync client is: its view (public or editor), and either how far its initial sync has got (the kind and id
/// last listed) or, after it, the last change-log event it has seen. Opaque to clients (base64url of a short text);
/// a token carries the time it was issued, so one older than the change log's retention is refused with 410.
/// </summary>
public sealed record SyncToken(bool Editor, bool Initial, long Position, string Kind, int LastId, DateTime IssuedAt)
{
    private const string Version = "1";

    public string Encode() => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Join('.',
        Version,
        Editor ? "e" : "p",
        Initial ? "i" : "d",
        Position.ToString(CultureInfo.InvariantCulture),
        Kind,
        LastId.ToString(CultureInfo.InvariantCulture),
        IssuedAt.Ticks.ToString(CultureInfo.InvariantCulture))));

    /// <summary>The token, or null when <paramref name="text"/> is not one this API issued.</summary>
    public static SyncToken? Decode(string text)
    {
        if (text.Length is 0 or > 200 || !Base64Url.IsValid(text))
        {
            return null;
        }

        var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split('.');
        if (parts.Length != 7 || parts[0] != Version || parts[1] is not ("e" or "p") || parts[2] is not ("i" or "d")
            || parts[4] is not (SyncKinds.Article or SyncKinds.Tag)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            || !int.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out var lastId)
            || !long.TryParse(parts[6], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTime.MaxValue.Ticks)
        {
            return null;
        }

        return new SyncToken(parts[1] == "e", parts[2] == "i", position, parts[4], lastId, new DateTime(ticks, DateTimeKind.Utc));
    }
}
