namespace HeadlessBlog.Data;

/// <summary>
/// A link that shows one article as it is now — draft, scheduled or published — to whoever holds its token: the
/// editor's preview on the real site. Only the token's SHA-256 is stored; deleting the link revokes it.
/// </summary>
public sealed class PreviewLink
{
    public int Id { get; set; }
    public int ArticleId { get; set; }

    /// <summary>SHA-256 of the token.</summary>
    public required byte[] TokenHash { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }

    /// <summary>The API key that made it.</summary>
    public int? CreatedByKeyId { get; set; }
}
