using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Ganss.Xss;

namespace HeadlessBlog.Api.Content;

/// <summary>
/// The allow-list sanitizer for rendered article HTML. Configured once; <see cref="HtmlSanitizer.Sanitize"/> is
/// thread-safe after configuration.
/// </summary>
internal static partial class ArticleHtmlSanitizer
{
    public static HtmlSanitizer Instance { get; } = Create();

    private static HtmlSanitizer Create()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            // No script, style, iframe, object, embed, form controls (other than task-list checkboxes), svg or math.
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
                "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
                "h6", "hr", "i", "img", "input", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp",
                "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
                "tr", "u", "ul", "var",
            },

            // No on* handlers. "style" is kept for table-cell alignment only (see AllowedCssProperties).
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "align", "alt", "checked", "class", "colspan", "disabled", "height", "href", "id", "open",
                "rowspan", "scope", "span", "src", "start", "style", "title", "type", "width",
            },
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "text-align" },
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),

            // Relative URLs are always allowed; javascript:, vbscript:, data: and everything else are dropped.
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(HtmlSanitizerDefaults.UriAttributes, StringComparer.OrdinalIgnoreCase),

            // The classes Markdig emits for task lists and footnotes; "language-*" on code is kept below.
            AllowedClasses = new HashSet<string>(StringComparer.Ordinal)
            {
                "contains-task-list", "task-list-item", "task-list-item-checkbox", "footnotes", "footnote-ref",
                "footnote-back-ref",
            },
        });

        sanitizer.RemovingCssClass += static (_, e) =>
            e.Cancel = e.Tag.LocalName == "code" && LanguageClass().IsMatch(e.CssClass);
        sanitizer.PostProcessDom += static (_, e) => KeepOnlyDisabledCheckboxes(e.Document);
        return sanitizer;
    }

    /// <summary>Task lists render as disabled checkboxes; any other input is removed and none stays editable.</summary>
    private static void KeepOnlyDisabledCheckboxes(IHtmlDocument document)
    {
        foreach (var input in document.QuerySelectorAll("input").ToList())
        {
            if (string.Equals(input.GetAttribute("type"), "checkbox", StringComparison.OrdinalIgnoreCase))
            {
                input.SetAttribute("disabled", "disabled");
            }
            else
            {
                input.Remove();
            }
        }
    }

    [GeneratedRegex("^language-[A-Za-z0-9_+#.-]{1,40}$")]
    private static partial Regex LanguageClass();
}
