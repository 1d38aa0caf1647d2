namespace HeadlessBlog.Api.Publishing;

/// <summary>Where the frontend serves the blog (<c>Site:*</c>): the links of feeds and the canonical URLs of articles.</summary>
public sealed class SiteOptions
{
    /// <summary>The frontend's absolute base URL, e.g. <c>https://blog.example</c>; feeds need it.</summary>
    public string? Url { get; set; }

    /// <summary>An article's path on the frontend, <c>{slug}</c> filled in; appended to <see cref="Url"/>.</summary>
    public string ArticleUrlTemplate { get; set; } = "/{slug}";

    /// <summary>The feeds' title.</summary>
    public string Title { get; set; } = "HeadlessBlog";

    /// <summary>The feeds' description.</summary>
    public string? Description { get; set; }

    public bool HasUrl => Url is not null && Http.ValidationRules.IsHttpUrl(Url);

    public string HomeUrl => Url!.TrimEnd('/') + "/";

    /// <summary>The article's absolute URL on the frontend (only when <see cref="HasUrl"/>).</summary>
    public string ArticleUrl(string slug) => Url!.TrimEnd('/') + ArticleUrlTemplate.Replace("{slug}", Uri.EscapeDataString(slug), StringComparison.Ordinal);
}
