using System.Net;
using System.Text.RegularExpressions;
using HeadlessBlog.Api.Content;

namespace HeadlessBlog.Api.Tests.Content;

public sealed class ArticleTextTests
{
    // ---- Rendering ------------------------------------------------------------------------------------------

    [Fact]
    public void Render_Heading_GetsGitHubStyleIdAnchor()
    {
        var body = ArticleText.Render("## Getting Started");

        Assert.Contains("<h2 id=\"getting-started\">Getting Started</h2>", body.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PipeTable_RendersTable()
    {
        var body = ArticleText.Render("| Name | Age |\n|------|----:|\n| Ada | 36 |");

        Assert.Contains("<table>", body.Html, StringComparison.Ordinal);
        Assert.Contains("<th>Name</th>", body.Html, StringComparison.Ordinal);
        Assert.Contains("<td>Ada</td>", body.Html, StringComparison.Ordinal);
        Assert.Matches("<td style=\"text-align: ?right;?\">36</td>", body.Html);
    }

    [Fact]
    public void Render_TaskList_RendersDisabledCheckboxes()
    {
        var body = ArticleText.Render("- [x] done\n- [ ] todo");

        var inputs = Regex.Matches(body.Html, "<input[^>]*>").Select(m => m.Value).ToList();
        Assert.Equal(2, inputs.Count);
        Assert.All(inputs, input =>
        {
            Assert.Contains("type=\"checkbox\"", input, StringComparison.Ordinal);
            Assert.Contains("disabled", input, StringComparison.Ordinal);
        });
        Assert.Contains("checked", inputs[0], StringComparison.Ordinal);
        Assert.DoesNotContain("checked", inputs[1], StringComparison.Ordinal);
        Assert.Contains("class=\"task-list-item\"", body.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RawNonCheckboxInput_IsRemoved()
    {
        var body = ArticleText.Render("<p>Name: <input type=\"text\" name=\"password\"></p>");

        Assert.DoesNotContain("<input", body.Html, StringComparison.Ordinal);
        Assert.Contains("Name:", body.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Footnote_RendersReferenceAndNote()
    {
        var body = ArticleText.Render("Claim.[^1]\n\n[^1]: The source.");

        Assert.Contains("class=\"footnote-ref\"", body.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"#fn:1\"", body.Html, StringComparison.Ordinal);
        Assert.Contains("class=\"footnotes\"", body.Html, StringComparison.Ordinal);
        Assert.Contains("<li id=\"fn:1\">", body.Html, StringComparison.Ordinal);
        Assert.Contains("class=\"footnote-back-ref\"", body.Html, StringComparison.Ordinal);
        Assert.Contains("The source.", body.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_BareUrl_BecomesLink()
    {
        var body = ArticleText.Render("Read https://example.com/docs?page=2 today.");

        Assert.Contains("<a href=\"https://example.com/docs?page=2\">", body.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FencedCode_KeepsLanguageClass()
    {
        var body = ArticleText.Render("```csharp\nvar x = 1 < 2;\n```");

        Assert.Contains("<pre><code class=\"language-csharp\">var x = 1 &lt; 2;", body.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Image_KeepsSrcAltAndTitle()
    {
        var body = ArticleText.Render("![A cat](/img/cat.png \"Sleepy\")");

        Assert.Matches("<img src=\"/img/cat.png\" alt=\"A cat\" title=\"Sleepy\">", body.Html);
    }

    [Theory]
    [InlineData("[x](https://example.com/a)", "href=\"https://example.com/a\"")]
    [InlineData("[x](http://example.com/a)", "href=\"http://example.com/a\"")]
    [InlineData("[x](mailto:ada@example.com)", "href=\"mailto:ada@example.com\"")]
    [InlineData("[x](/articles/hello)", "href=\"/articles/hello\"")]
    [InlineData("[x](#getting-started)", "href=\"#getting-started\"")]
    [InlineData("[x](https://example.com \"Home\")", "title=\"Home\"")]
    public void Render_SafeLink_IsKept(string markdown, string expected)
    {
        var body = ArticleText.Render(markdown);

        Assert.Contains(expected, body.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ScriptTag_IsRemoved()
    {
        var body = ArticleText.Render("Hello\n\n<script>alert(1)</script>");

        Assert.DoesNotContain("script", body.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert", body.Html, StringComparison.Ordinal);
        Assert.Contains("<p>Hello</p>", body.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_UnknownClassAndEventHandler_AreRemovedFromRawHtml()
    {
        var body = ArticleText.Render("A <span class=\"evil\" onclick=\"steal()\">word</span>.");

        Assert.Contains("<span>word</span>", body.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JaVaScRiPt:alert(1))")]
    [InlineData("<a href=\"javascript&#58;alert(1)\">x</a>")]
    [InlineData("<a href=\"&#106;avascript:alert(1)\">x</a>")]
    [InlineData("<a href=\"jav&#x09;ascript:alert(1)\">x</a>")]
    [InlineData("<iframe src=//evil>")]
    [InlineData("<svg onload=alert(1)>")]
    [InlineData("<div style=\"background:url(javascript:alert(1))\">")]
    [InlineData("![x](javascript:alert(1))")]
    [InlineData("<object data=x>")]
    [InlineData("<embed src=x>")]
    [InlineData("<math><mi xlink:href=\"javascript:alert(1)\">")]
    [InlineData("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>")]
    [InlineData("<body onload=alert(1)>")]
    [InlineData("[x](vbscript:msgbox(1))")]
    [InlineData("<style>body{background:url(javascript:alert(1))}</style>")]
    [InlineData("<form><button formaction=javascript:alert(1)>x</button></form>")]
    [InlineData("Text <script>alert(1)</script> inline.")]
    public void Render_XssPayload_ComesOutInert(string markdown)
    {
        var html = ArticleText.Render(markdown).Html;
        var decoded = WebUtility.HtmlDecode(html);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex(@"\son\w+\s*=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", decoded, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("vbscript:", decoded, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:text/html", decoded, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<object", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<embed", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<form", html, StringComparison.OrdinalIgnoreCase);
    }

    // ---- Plain text, images, derived numbers ----------------------------------------------------------------

    [Fact]
    public void Render_PlainText_StripsMarkupAndCollapsesWhitespace()
    {
        var body = ArticleText.Render("# Title\n\nSome *emphasis*,   **bold** and `code`.\n\n- one\n- two\n\n> quoted");

        Assert.Equal("Title Some emphasis, bold and code. one two quoted", body.PlainText);
    }

    [Fact]
    public void Render_PlainText_KeepsCodeBlocksAndImageAltText()
    {
        var body = ArticleText.Render("```js\nlet x = 1;\n```\n\n![A cat](cat.png) ![](dog.png)");

        Assert.Equal("let x = 1; A cat", body.PlainText);
    }

    [Fact]
    public void Render_PlainText_OmitsTaskMarkersAndFootnoteReferences()
    {
        var body = ArticleText.Render("- [x] done\n- [ ] todo\n\nClaim[^1].\n\n[^1]: Source.");

        Assert.Equal("done todo Claim. Source.", body.PlainText);
    }

    [Fact]
    public void Render_PlainText_RawHtmlBlock_ContributesOnlyItsVisibleText()
    {
        var body = ArticleText.Render("<div class=\"note\">Hello <em>there</em></div>\n<script>alert(1)</script>");

        Assert.Equal("Hello there", body.PlainText);
    }

    [Fact]
    public void Render_ImageCount_CountsInlineAndReferenceImages()
    {
        var body = ArticleText.Render(
            "![a](a.png) text ![b][logo] [![c](c.png)](/gallery) and [a link](/x).\n\n[logo]: /logo.png");

        Assert.Equal(3, body.ImageCount);
    }

    [Fact]
    public void Render_ImageCount_IgnoresRawHtmlImages()
    {
        // Counted from the Markdown AST only, as specified.
        var body = ArticleText.Render("<img src=\"/a.png\" alt=\"a\">");

        Assert.Equal(0, body.ImageCount);
    }

    [Fact]
    public void Render_WordCountAndReadingTime_AreDerivedFromTheBody()
    {
        // 400 words + 1 image: 400 / 275 * 60 = 87.27 s + 12 s = 99.27 s = 1.65 min → 2 (without the image: 1.45 → 1).
        var markdown = string.Join(' ', Enumerable.Repeat("word", 400)) + "\n\n![](photo.jpg)";

        var body = ArticleText.Render(markdown);

        Assert.Equal(400, body.WordCount);
        Assert.Equal(1, body.ImageCount);
        Assert.Equal(2, body.ReadingTimeMinutes);
    }

    [Fact]
    public void Render_EmptyBody_YieldsEmptyTextAndOneMinute()
    {
        var body = ArticleText.Render("");

        Assert.Equal(new RenderedBody("", "", 0, 0, 1), body);
    }

    // ---- Word counting ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData("The quick brown fox jumps over the lazy dog", 9)]
    [InlineData("Hello, world! How are you?", 5)]
    [InlineData("one,two;three...four—five/six", 6)]
    [InlineData("  \t\n  ... !!! — ", 0)]
    [InlineData("", 0)]
    [InlineData("don't stop", 2)]
    [InlineData("3.14 and 1,000", 3)]
    [InlineData("café naïve", 2)]
    public void CountWords_SeparatesWordsByWhitespaceAndPunctuation(string text, int expected)
    {
        Assert.Equal(expected, ArticleText.CountWords(text));
    }

    [Theory]
    [InlineData("日本語のテキスト", 8)] // 日 本 語 の テ キ ス ト
    [InlineData("中文", 2)]
    [InlineData("한국어 문장", 5)] // 한 국 어 문 장
    [InlineData("ひらがな・カタカナ「引用」", 10)] // ・ 「 」 are punctuation, not words
    public void CountWords_CountsEachCjkCharacterAsOneWord(string text, int expected)
    {
        Assert.Equal(expected, ArticleText.CountWords(text));
    }

    [Theory]
    [InlineData("Hello 世界 world", 4)] // Hello + 世 + 界 + world
    [InlineData("ASP.NETで開発する", 7)] // ASP + NET + で 開 発 す る
    [InlineData("I visited 東京, twice.", 5)] // I visited + 東 京 + twice
    public void CountWords_MixedCjkAndLatin_CountsBoth(string text, int expected)
    {
        Assert.Equal(expected, ArticleText.CountWords(text));
    }

    // ---- Reading time ----------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0, 0, 1)] // 0 s → 0 min, raised to the minimum of 1
    [InlineData(275, 0, 1)] // 275 / 275 * 60 = 60 s → 1
    [InlineData(2750, 0, 10)] // 600 s → 10
    [InlineData(137, 0, 1)] // 29.89 s = 0.498 min → 0, raised to 1
    [InlineData(412, 0, 1)] // 89.89 s = 1.498 min → 1
    [InlineData(413, 0, 2)] // 90.11 s = 1.502 min → 2
    [InlineData(550, 1, 2)] // 120 s + 12 s = 132 s = 2.2 min → 2
    [InlineData(400, 1, 2)] // 87.27 s + 12 s = 99.27 s = 1.65 min → 2 (the image tips it over)
    [InlineData(0, 20, 2)] // images 1–10: 12+11+…+3 = 75 s; images 11–20: 10 × 3 s = 30 s → 105 s = 1.75 min → 2
    [InlineData(275, 15, 3)] // 60 s + 75 s + 5 × 3 s = 150 s = 2.5 min → away from zero → 3 (to-even would give 2)
    [InlineData(1000, 12, 5)] // 218.18 s + 75 s (images 1–10) + 2 × 3 s (images 11, 12) = 299.18 s = 4.99 min → 5
    public void ReadingTimeMinutes_AddsDecreasingImageTimeAndRounds(int words, int images, int expected)
    {
        Assert.Equal(expected, ArticleText.ReadingTimeMinutes(words, images));
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, -1)]
    public void ReadingTimeMinutes_NegativeInput_Throws(int words, int images)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ArticleText.ReadingTimeMinutes(words, images));
    }

    // ---- Excerpt ---------------------------------------------------------------------------------------------

    [Fact]
    public void Excerpt_WithSummary_ReturnsTrimmedSummary()
    {
        var excerpt = ArticleText.Excerpt("  A hand-written summary.  ", new string('x', 1000));

        Assert.Equal("A hand-written summary.", excerpt);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n ")]
    public void Excerpt_WithBlankSummary_UsesPlainText(string? summary)
    {
        Assert.Equal("The body text.", ArticleText.Excerpt(summary, "The body text."));
    }

    [Fact]
    public void Excerpt_ShortText_IsUnchangedWithoutEllipsis()
    {
        Assert.Equal("A short body.", ArticleText.Excerpt(null, "  A short body. "));
    }

    [Fact]
    public void Excerpt_TextOfExactlyMaxLength_IsUnchanged()
    {
        var text = new string('a', ArticleText.ExcerptMaxLength);

        Assert.Equal(text, ArticleText.Excerpt(null, text));
    }

    [Fact]
    public void Excerpt_LongText_CutsAtTheLastWordBoundaryWithinTheLimit()
    {
        // 49 × "aaaaa" joined by spaces is 293 chars; the next word runs from 294 to 305, past the 299-char budget.
        var kept = string.Join(' ', Enumerable.Repeat("aaaaa", 49));
        var text = kept + " bbbbbbbbbbbb " + string.Join(' ', Enumerable.Repeat("ccc", 30));

        var excerpt = ArticleText.Excerpt(null, text);

        Assert.Equal(kept + "…", excerpt);
        Assert.True(excerpt.Length <= ArticleText.ExcerptMaxLength, $"length {excerpt.Length}");
    }

    [Fact]
    public void Excerpt_LongText_UsesAllTheRoomWhenAWordEndsExactlyAtTheBudget()
    {
        // "abcdefghi " × 40: 30 words fill exactly 299 chars, leaving one for the ellipsis.
        var text = string.Concat(Enumerable.Repeat("abcdefghi ", 40));

        var excerpt = ArticleText.Excerpt(null, text);

        Assert.Equal(ArticleText.ExcerptMaxLength, excerpt.Length);
        Assert.Equal(string.Join(' ', Enumerable.Repeat("abcdefghi", 30)) + "…", excerpt);
    }

    [Fact]
    public void Excerpt_CutAfterComma_DropsTheCommaBeforeTheEllipsis()
    {
        // "abcd," words, 6 chars each with the space: the budget ends right after the 50th word's comma.
        var text = string.Join(' ', Enumerable.Repeat("abcd,", 60));

        var excerpt = ArticleText.Excerpt(null, text);

        Assert.Equal(string.Join(' ', Enumerable.Repeat("abcd,", 49)) + " abcd…", excerpt);
    }

    [Fact]
    public void Excerpt_SingleLongWord_IsHardCutTo299CharsPlusEllipsis()
    {
        var excerpt = ArticleText.Excerpt(null, new string('x', 400));

        Assert.Equal(new string('x', 299) + "…", excerpt);
    }

    [Fact]
    public void Excerpt_CjkText_CanBeCutBetweenAnyTwoCharacters()
    {
        // 280 chars of "abcd " then 100 × 語: the cut falls inside the CJK run, not back at the last space.
        var text = string.Concat(Enumerable.Repeat("abcd ", 56)) + new string('語', 100);

        var excerpt = ArticleText.Excerpt(null, text);

        Assert.Equal(string.Concat(Enumerable.Repeat("abcd ", 56)) + new string('語', 19) + "…", excerpt);
    }
}
