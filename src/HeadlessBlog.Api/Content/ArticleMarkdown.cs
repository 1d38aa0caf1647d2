using AngleSharp.Dom;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Extensions.TaskLists;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace HeadlessBlog.Api.Content;

/// <summary>The Markdig pipeline for article bodies and its plain-text rendering.</summary>
internal static class ArticleMarkdown
{
    /// <summary>
    /// CommonMark plus pipe tables, task lists, autolinks, footnotes, emphasis extras and GitHub-style heading
    /// anchors. Raw HTML stays enabled: every HTML rendering goes through <see cref="ArticleHtmlSanitizer"/>.
    /// A built pipeline is immutable and safe to share between threads.
    /// </summary>
    public static MarkdownPipeline Pipeline { get; } = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseTaskLists()
        .UseAutoLinks()
        .UseFootnotes()
        .UseEmphasisExtras()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .Build();

    /// <summary>
    /// The text of <paramref name="document"/> without markup, one block per line. Code counts as text, images
    /// contribute their alt text, task-list markers and footnote references nothing, and raw HTML blocks the
    /// text their sanitized HTML would show.
    /// </summary>
    public static string ToPlainText(MarkdownDocument document)
    {
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer)
        {
            EnableHtmlForBlock = false,
            EnableHtmlForInline = false,
            EnableHtmlEscape = false,
        };
        Pipeline.Setup(renderer);
        renderer.ObjectRenderers.Replace<HtmlBlockRenderer>(new PlainTextHtmlBlockRenderer());
        renderer.ObjectRenderers.Replace<HtmlTaskListRenderer>(new PlainTextTaskListRenderer());

        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>Markdig writes raw HTML blocks verbatim even in plain-text mode; this writes only their visible text.</summary>
    private sealed class PlainTextHtmlBlockRenderer : HtmlObjectRenderer<HtmlBlock>
    {
        private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
        {
            "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption",
            "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
            "pre", "section", "summary", "table", "td", "th", "tr", "ul",
        };

        protected override void Write(HtmlRenderer renderer, HtmlBlock obj)
        {
            var html = obj.Lines.ToString();
            using var document = ArticleHtmlSanitizer.Instance.SanitizeDom(html);
            if (document.Body is { } body)
            {
                WriteText(renderer, body);
            }

            renderer.EnsureLine();
        }

        private static void WriteText(HtmlRenderer renderer, INode node)
        {
            foreach (var child in node.ChildNodes)
            {
                if (child is IText text)
                {
                    renderer.Write(text.Data);
                }
                else if (child is IElement element)
                {
                    var isBlock = BlockElements.Contains(element.LocalName);
                    if (isBlock)
                    {
                        renderer.Write(' ');
                    }

                    WriteText(renderer, element);
                    if (isBlock)
                    {
                        renderer.Write(' ');
                    }
                }
            }
        }
    }

    /// <summary>Drops the "[x]" / "[ ]" marker Markdig writes for task-list items in plain-text mode.</summary>
    private sealed class PlainTextTaskListRenderer : HtmlObjectRenderer<TaskList>
    {
        protected override void Write(HtmlRenderer renderer, TaskList obj)
        {
        }
    }
}
