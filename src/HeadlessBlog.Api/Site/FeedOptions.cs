namespace HeadlessBlog.Api.Site;

/// <summary>The feeds (<c>Feed:*</c>).</summary>
public sealed class FeedOptions
{
    /// <summary>How many of the newest visible articles a feed lists.</summary>
    public int Items { get; set; } = 20;

    /// <summary>Each item's whole body as HTML (true), or its excerpt only.</summary>
    public bool FullContent { get; set; } = true;
}
