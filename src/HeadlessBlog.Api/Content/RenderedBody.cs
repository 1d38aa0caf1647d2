namespace HeadlessBlog.Api.Content;

/// <summary>Everything derived from an article's Markdown body, computed once on save.</summary>
/// <param name="Html">Sanitized HTML, safe to embed as-is.</param>
/// <param name="PlainText">The rendered text without markup, whitespace collapsed to single spaces.</param>
/// <param name="WordCount">Words in <paramref name="PlainText"/> (see <see cref="ArticleText.CountWords"/>).</param>
/// <param name="ImageCount">Markdown images (inline and reference) in the body.</param>
/// <param name="ReadingTimeMinutes">Estimated reading time, at least one minute.</param>
public sealed record RenderedBody(string Html, string PlainText, int WordCount, int ImageCount, int ReadingTimeMinutes);
