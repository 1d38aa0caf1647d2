using System.Globalization;
using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace HeadlessBlog.Api.Content;

/// <summary>Turns an article's Markdown body into sanitized HTML, plain text and reading statistics.</summary>
public static class ArticleText
{
    public const int WordsPerMinute = 275;
    public const int ExcerptMaxLength = 300;

    private const char Ellipsis = '…';
    private const int FirstImageSeconds = 12;
    private const int MinImageSeconds = 3;

    /// <summary>Renders <paramref name="markdown"/> to sanitized HTML and derives its text statistics.</summary>
    public static RenderedBody Render(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);

        var document = Markdown.Parse(markdown, ArticleMarkdown.Pipeline);
        var html = ArticleHtmlSanitizer.Instance.Sanitize(document.ToHtml(ArticleMarkdown.Pipeline));
        var plainText = CollapseWhitespace(ArticleMarkdown.ToPlainText(document));
        var imageCount = document.Descendants<LinkInline>().Count(link => link.IsImage);
        var wordCount = CountWords(plainText);

        return new RenderedBody(html, plainText, wordCount, imageCount, ReadingTimeMinutes(wordCount, imageCount));
    }

    /// <summary>
    /// Inline Markdown (a caption, a credit with a link) to sanitized HTML without a wrapping paragraph; null stays null.
    /// </summary>
    public static string? RenderInline(string? markdown)
    {
        if (markdown is null)
        {
            return null;
        }

        using var writer = new StringWriter();
        var renderer = new Markdig.Renderers.HtmlRenderer(writer) { ImplicitParagraph = true };
        ArticleMarkdown.Pipeline.Setup(renderer);
        renderer.Render(Markdown.Parse(markdown, ArticleMarkdown.Pipeline));
        writer.Flush();
        return ArticleHtmlSanitizer.Instance.Sanitize(writer.ToString().Trim());
    }

    /// <summary>
    /// The trimmed <paramref name="summary"/> when it is not blank; otherwise <paramref name="plainText"/>
    /// (whitespace collapsed) cut at a word boundary to at most <see cref="ExcerptMaxLength"/> characters,
    /// including a trailing "…" that is only added when the text was cut.
    /// </summary>
    public static string Excerpt(string? summary, string plainText)
    {
        ArgumentNullException.ThrowIfNull(plainText);

        if (!string.IsNullOrWhiteSpace(summary))
        {
            return summary.Trim();
        }

        var text = CollapseWhitespace(plainText);
        if (text.Length <= ExcerptMaxLength)
        {
            return text;
        }

        // Keep room for the ellipsis.
        const int budget = ExcerptMaxLength - 1;
        var cut = LastWordBoundary(text, budget);
        var head = cut > 0 ? text[..cut].TrimEnd().TrimEnd(',', ';', ':', '-', '–', '—').TrimEnd() : string.Empty;
        if (head.Length == 0)
        {
            // A single word longer than the budget: hard cut, without splitting a surrogate pair.
            var end = char.IsLowSurrogate(text[budget]) ? budget - 1 : budget;
            head = text[..end];
        }

        return head + Ellipsis;
    }

    /// <summary>
    /// Counts words: runs of letters and digits separated by whitespace or punctuation, where an apostrophe
    /// inside a word ("don't") and a point or comma inside a number ("3.14", "1,000") do not separate.
    /// Each CJK character (Han, Hiragana, Katakana, Hangul) counts as one word.
    /// </summary>
    public static int CountWords(string plainText)
    {
        ArgumentNullException.ThrowIfNull(plainText);

        var text = plainText.AsSpan();
        var count = 0;
        var inWord = false;
        var last = default(Rune);
        var index = 0;
        while (index < text.Length)
        {
            Rune.DecodeFromUtf16(text[index..], out var rune, out var length);
            index += length;

            if (IsCjk(rune))
            {
                count++;
                inWord = false;
            }
            else if (IsLetterOrNumber(rune))
            {
                if (!inWord)
                {
                    count++;
                    inWord = true;
                }

                last = rune;
            }
            else if (IsMarkOrFormat(rune))
            {
                // Combining marks and joiners belong to the preceding character; they never start a word.
            }
            else if (!(inWord && JoinsWord(last, rune, text[index..])))
            {
                inWord = false;
            }
        }

        return count;
    }

    /// <summary>
    /// Reading time: <see cref="WordsPerMinute"/> words a minute plus 12 seconds for the first image,
    /// 11 for the second and so on, never under 3 seconds an image; rounded to whole minutes
    /// (halves away from zero), at least one minute.
    /// </summary>
    public static int ReadingTimeMinutes(int wordCount, int imageCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(wordCount);
        ArgumentOutOfRangeException.ThrowIfNegative(imageCount);

        var seconds = wordCount * 60.0 / WordsPerMinute;
        for (var image = 0; image < imageCount; image++)
        {
            seconds += Math.Max(FirstImageSeconds - image, MinImageSeconds);
        }

        var minutes = (int)Math.Round(seconds / 60, MidpointRounding.AwayFromZero);
        return Math.Max(minutes, 1);
    }

    internal static string CollapseWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// The largest position p in 1..<paramref name="max"/> such that cutting before text[p] ends on a word:
    /// text[p] is whitespace, or a CJK character is on either side. 0 when there is none.
    /// </summary>
    private static int LastWordBoundary(string text, int max)
    {
        for (var p = max; p > 0; p--)
        {
            if (char.IsLowSurrogate(text[p]))
            {
                continue;
            }

            if (char.IsWhiteSpace(text[p]))
            {
                return p;
            }

            Rune.DecodeFromUtf16(text.AsSpan(p), out var next, out _);
            Rune.DecodeLastFromUtf16(text.AsSpan(0, p), out var previous, out _);
            if (IsCjk(next) || IsCjk(previous))
            {
                return p;
            }
        }

        return 0;
    }

    /// <summary>An apostrophe between letters, or a point or comma between digits, keeps a word together.</summary>
    private static bool JoinsWord(Rune previous, Rune separator, ReadOnlySpan<char> rest)
    {
        if (rest.IsEmpty)
        {
            return false;
        }

        Rune.DecodeFromUtf16(rest, out var next, out _);
        return separator.Value switch
        {
            '\'' or '\u2019' => Rune.IsLetter(previous) && Rune.IsLetter(next) && !IsCjk(next),
            '.' or ',' => Rune.IsDigit(previous) && Rune.IsDigit(next),
            _ => false,
        };
    }

    private static bool IsLetterOrNumber(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    private static bool IsMarkOrFormat(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.EnclosingMark or UnicodeCategory.Format;

    /// <summary>
    /// A Han, Hiragana, Katakana or Hangul letter. Punctuation and marks in those blocks (「」, ・, 、,
    /// the combining voicing marks) are not.
    /// </summary>
    private static bool IsCjk(Rune rune)
    {
        if (Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.OtherLetter or UnicodeCategory.ModifierLetter
            or UnicodeCategory.LetterNumber))
        {
            return false;
        }

        return rune.Value switch
        {
            // Han: iteration mark, ideographic zero/numerals, unified ideographs, extensions, compatibility.
            0x3005 or 0x3007 or (>= 0x3021 and <= 0x3029) or (>= 0x3038 and <= 0x303B) => true,
            (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF) => true,
            >= 0x20000 and <= 0x323AF => true,

            // Hiragana, Katakana (with phonetic extensions, halfwidth forms and the kana supplements).
            (>= 0x3040 and <= 0x30FF) or (>= 0x31F0 and <= 0x31FF) or (>= 0xFF66 and <= 0xFF9F) => true,
            >= 0x1B000 and <= 0x1B16F => true,

            // Hangul: syllables, jamo, compatibility and halfwidth jamo.
            (>= 0xAC00 and <= 0xD7AF) or (>= 0x1100 and <= 0x11FF) or (>= 0x3130 and <= 0x318F) => true,
            (>= 0xA960 and <= 0xA97F) or (>= 0xD7B0 and <= 0xD7FF) or (>= 0xFFA0 and <= 0xFFDC) => true,

            _ => false,
        };
    }
}
