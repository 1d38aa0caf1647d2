using System.Text.RegularExpressions;

namespace HeadlessBlog.Api.Imports;

/// <summary>
/// HTML from another CMS stored as an article's Markdown body, so that it renders as written: CommonMark passes HTML
/// blocks through unchanged (and the sanitizer still applies to the rendered HTML, as to any body), but an HTML block
/// ends at a blank line, after which lines are Markdown again. Two changes keep the HTML whole and change nothing it
/// shows: inside <c>&lt;pre&gt;</c>, where a blank line is content, each blank line becomes <c>&amp;#10;</c> at the
/// start of the next line (the same newline once parsed); outside it, where leading whitespace means nothing in HTML
/// but would make an indented code block of a line after a blank one, lines lose their indentation. No HTML is
/// converted to Markdown.
/// </summary>
public static partial class ImportedHtml
{
    public static string ToMarkdownSource(string html)
    {
        var source = html.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var result = new System.Text.StringBuilder(source.Length + 64);
        var at = 0;
        foreach (Match pre in Preformatted().Matches(source))
        {
            result.Append(Unindent(source[at..pre.Index]));
            result.Append(BlankLine().Replace(pre.Value, "$1&#10;"));
            at = pre.Index + pre.Length;
        }

        result.Append(Unindent(source[at..]));
        return result.ToString().Trim();
    }

    /// <summary>Removes WordPress block-editor comments (<c>&lt;!-- wp:paragraph --&gt;</c>, <c>&lt;!-- /wp:paragraph --&gt;</c>).</summary>
    public static string WithoutBlockComments(string html) => BlockComment().Replace(html, "");

    private static string Unindent(string html) => Indentation().Replace(html, "");

    [GeneratedRegex(@"<pre\b.*?</pre\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Preformatted();

    /// <summary>A line holding only spaces or tabs, with its newline (the spaces are kept: they are content in <c>pre</c>).</summary>
    [GeneratedRegex(@"(?m)^([ \t]*)\n")]
    private static partial Regex BlankLine();

    [GeneratedRegex(@"(?m)^[ \t]+")]
    private static partial Regex Indentation();

    [GeneratedRegex(@"<!--\s*/?wp:.*?-->\n?", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex BlockComment();
}
