using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

public sealed class BodyFormatsOnSqlite(SqliteApiFactory factory) : BodyFormatsTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class BodyFormatsOnSqlServer(SqlServerApiFactory factory) : BodyFormatsTests<SqlServerApiFactory>(factory);

/// <summary>
/// Body formats (<c>formats=markdown,html,plaintext</c>), the rendered and sanitized <c>bodyHtml</c>, and
/// field selection (<c>fields=…</c>) on articles, lists, tags and suggestions.
/// </summary>
public abstract class BodyFormatsTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    private const string Markdown = "## Format Check\n\nSome **bold** text.";
    private const string ExpectedPlaintext = "Format Check Some bold text.";

    private static readonly string[] BodyFields = ["body", "bodyHtml", "bodyPlaintext"];

    private static readonly string[] OtherArticleFields =
    [
        "canonicalUrl", "createdAt", "excerpt", "featureImageAlt", "featureImageCaption", "featureImageCaptionHtml", "featureImageUrl",
        "id", "metaDescription", "metaTitle", "ogDescription", "ogImageUrl", "ogTitle", "publishedAt", "readingTimeMinutes", "related",
        "seo", "slug", "status", "summary", "tags", "title", "twitterDescription", "twitterImageUrl", "twitterTitle", "updatedAt",
        "version", "wordCount",
    ];

    /// <summary>An event-handler attribute such as <c> onerror=</c>.</summary>
    private static readonly Regex EventHandlerAttribute = new(@"\son\w+\s*=", RegexOptions.IgnoreCase);

    private static readonly string[] PageFields = ["items", "page", "pageSize", "totalItems", "totalPages"];

    // ---------- formats ----------

    [Fact]
    public async Task Get_WithDefaultFormats_ReturnsBodyAndBodyHtmlButNotBodyPlaintext()
    {
        var article = await CreateAsync(Markdown);

        foreach (var url in new[] { $"/api/articles/{article.Id}", $"/api/articles/slug/{article.Slug}" })
        {
            var json = await GetJsonAsync(url);

            Assert.Equal(OtherArticleFields.Append("body").Append("bodyHtml").Order(StringComparer.Ordinal), Names(json), StringComparer.Ordinal);
            Assert.Equal(Markdown, json.GetProperty("body").GetString());
            var html = json.GetProperty("bodyHtml").GetString()!;
            Assert.Contains("<h2 id=\"format-check\">Format Check</h2>", html, StringComparison.Ordinal);
            Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
            Assert.False(json.TryGetProperty("bodyPlaintext", out _));
        }
    }

    [Theory]
    [InlineData("markdown", "body")]
    [InlineData("html", "bodyHtml")]
    [InlineData("plaintext", "bodyPlaintext")]
    [InlineData("markdown,html", "body,bodyHtml")]
    [InlineData("markdown,plaintext", "body,bodyPlaintext")]
    [InlineData("html,plaintext", "bodyHtml,bodyPlaintext")]
    [InlineData("markdown,html,plaintext", "body,bodyHtml,bodyPlaintext")]
    [InlineData("plaintext,markdown", "body,bodyPlaintext")]
    [InlineData("html,html", "bodyHtml")]
    public async Task Get_WithFormats_ReturnsExactlyTheChosenBodies(string formats, string expectedFields)
    {
        var article = await CreateAsync(Markdown);
        var expected = expectedFields.Split(',');

        foreach (var url in new[] { $"/api/articles/{article.Id}", $"/api/articles/slug/{article.Slug}" })
        {
            var json = await GetJsonAsync($"{url}?formats={formats}");

            var names = Names(json);
            Assert.Equal(expected.Order(StringComparer.Ordinal), names.Intersect(BodyFields), StringComparer.Ordinal);
            Assert.Equal(OtherArticleFields, names.Except(BodyFields), StringComparer.Ordinal);
            if (json.TryGetProperty("body", out var body))
            {
                Assert.Equal(Markdown, body.GetString());
            }

            if (json.TryGetProperty("bodyHtml", out var html))
            {
                Assert.Contains("<h2 id=\"format-check\">Format Check</h2>", html.GetString(), StringComparison.Ordinal);
            }

            if (json.TryGetProperty("bodyPlaintext", out var plaintext))
            {
                Assert.Equal(ExpectedPlaintext, plaintext.GetString());
            }
        }
    }

    [Theory]
    [InlineData("pdf")]
    [InlineData("markdown,pdf")]
    [InlineData("rtf,html")]
    public async Task Get_WithUnknownFormat_Returns400NamingFormats(string formats)
    {
        var article = await CreateAsync(Markdown);

        var byId = await Client.GetAsync($"/api/articles/{article.Id}?formats={formats}", Ct);
        var bySlug = await Client.GetAsync($"/api/articles/slug/{article.Slug}?formats={formats}", Ct);

        await AssertValidationErrorsAsync(byId, "formats");
        await AssertValidationErrorsAsync(bySlug, "formats");
    }

    // ---------- bodyHtml rendering ----------

    [Fact]
    public async Task BodyHtml_HasHeadingAnchorsTablesTaskListsFootnotesAndAutolinks()
    {
        const string body = """
            ## Getting Started

            | Name | Age |
            |------|----:|
            | Ada  | 36  |

            - [x] done
            - [ ] todo

            A claim.[^1] See https://example.com/docs for more.

            [^1]: The source.
            """;
        var article = await CreateAsync(body);

        var json = await GetJsonAsync($"/api/articles/{article.Id}");
        var html = json.GetProperty("bodyHtml").GetString()!;
        using var document = new HtmlParser().ParseDocument(html);

        Assert.Contains("<h2 id=\"getting-started\">Getting Started</h2>", html, StringComparison.Ordinal);

        var table = Assert.Single(document.QuerySelectorAll("table"));
        Assert.Equal(["Name", "Age"], table.QuerySelectorAll("th").Select(c => c.TextContent.Trim()));
        Assert.Equal(["Ada", "36"], table.QuerySelectorAll("td").Select(c => c.TextContent.Trim()));

        var boxes = document.QuerySelectorAll("li input").ToList();
        Assert.Equal(2, boxes.Count);
        Assert.All(boxes, box =>
        {
            Assert.Equal("checkbox", box.GetAttribute("type"));
            Assert.True(box.HasAttribute("disabled"), box.OuterHtml);
        });
        Assert.True(boxes[0].HasAttribute("checked"), boxes[0].OuterHtml);
        Assert.False(boxes[1].HasAttribute("checked"), boxes[1].OuterHtml);
        Assert.Equal(["done", "todo"], document.QuerySelectorAll("li").Take(2).Select(li => li.TextContent.Trim()));

        var reference = Assert.Single(document.QuerySelectorAll("a.footnote-ref"));
        var target = reference.GetAttribute("href")!;
        Assert.StartsWith("#", target, StringComparison.Ordinal);
        var note = document.GetElementById(target[1..]);
        Assert.NotNull(note);
        Assert.Contains("The source.", note.TextContent, StringComparison.Ordinal);
        Assert.NotNull(note.QuerySelector("a.footnote-back-ref"));

        Assert.Contains(
            document.QuerySelectorAll("a"),
            a => a.GetAttribute("href") == "https://example.com/docs" && a.TextContent == "https://example.com/docs");
        Assert.Equal(body, json.GetProperty("body").GetString());
    }

    [Theory]
    [InlineData("<script>alert('xss')</script>")]
    [InlineData("<SCRIPT SRC=https://evil.example/x.js></SCRIPT>")]
    [InlineData("Inline <script>alert(1)</script> script.")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<IMG SRC=\"x\" ONERROR=\"alert(1)\">")]
    [InlineData("<img src=\"javascript:alert(1)\">")]
    [InlineData("**bold <img src=x onerror=alert(1)> inline**")]
    [InlineData("[click me](javascript:alert(1))")]
    [InlineData("[click me](JaVaScRiPt:alert(document.cookie))")]
    [InlineData("[click me](javascript&#58;alert(1))")]
    [InlineData("![picture](javascript:alert(1))")]
    [InlineData("[reference link][evil]\n\n[evil]: javascript:alert(1)")]
    [InlineData("<a href=\"javascript:alert(1)\">click</a>")]
    [InlineData("<a href=\" javascript:alert(1)\">click</a>")]
    [InlineData("<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">click</a>")]
    [InlineData("<a href=\"java\tscript:alert(1)\">click</a>")]
    [InlineData("<a href=\"https://example.com\" onmouseover=\"alert(1)\">hover</a>")]
    [InlineData("<iframe src=\"https://evil.example/\"></iframe>")]
    [InlineData("<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>")]
    [InlineData("<svg onload=alert(1)>")]
    [InlineData("<svg><script>alert(1)</script></svg>")]
    [InlineData("<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">click</a>")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></object>")]
    [InlineData("<embed src=\"javascript:alert(1)\">")]
    [InlineData("<div onclick=\"alert(1)\">click</div>")]
    [InlineData("<details open ontoggle=alert(1)>x</details>")]
    [InlineData("<input autofocus onfocus=alert(1)>")]
    [InlineData("<input type=\"checkbox\" onchange=\"alert(1)\">")]
    [InlineData("<form action=\"javascript:alert(1)\"><button>go</button></form>")]
    [InlineData("<p style=\"background:url(javascript:alert(1))\">styled</p>")]
    [InlineData("<style>@import 'https://evil.example/x.css';</style>")]
    [InlineData("<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">")]
    [InlineData("<base href=\"javascript:alert(1)//\">")]
    [InlineData("<link rel=\"stylesheet\" href=\"javascript:alert(1)\">")]
    [InlineData("<video><source onerror=\"alert(1)\"></video>")]
    [InlineData("<body onload=alert(1)>")]
    [InlineData("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>")]
    [InlineData("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>")]
    [InlineData("`<script>alert(1)</script>` shown as code")]
    public async Task BodyHtml_OfAnXssPayload_IsInert_AndTheMarkdownIsReturnedUnchanged(string payload)
    {
        var markdown = $"Before the payload.\n\n{payload}\n\nAfter the payload.";

        var created = await CreateAsync(markdown);
        var json = await GetJsonAsync($"/api/articles/{created.Id}");

        Assert.Equal(markdown, created.Body);
        Assert.Equal(markdown, json.GetProperty("body").GetString());
        AssertInert(created.BodyHtml!);
        var html = json.GetProperty("bodyHtml").GetString()!;
        AssertInert(html);
        // Only the payload is defused: the text around it is kept.
        Assert.Contains("<p>Before the payload.</p>", html, StringComparison.Ordinal);
        Assert.Contains("<p>After the payload.</p>", html, StringComparison.Ordinal);
    }

    // ---------- fields ----------

    [Theory]
    [InlineData("id,slug,title")]
    [InlineData("tags")]
    [InlineData("excerpt,wordCount,readingTimeMinutes")]
    [InlineData("related,version,status")]
    [InlineData("bodyHtml")]
    [InlineData("id, title")]
    public async Task Fields_OnASingleRead_ReturnOnlyThoseFields(string fields)
    {
        var related = await CreatePublishedArticleAsync();
        var article = await CreateArticleAsync(new
        {
            title = Unique("Fields "),
            body = Markdown,
            status = "published",
            tags = new[] { Unique("Tag ") },
            relatedArticleIds = new[] { related.Id },
        });
        var expected = fields.Split(',', StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).ToArray();
        var full = await GetJsonAsync($"/api/articles/{article.Id}");

        foreach (var url in new[] { $"/api/articles/{article.Id}", $"/api/articles/slug/{article.Slug}" })
        {
            var json = await GetJsonAsync($"{url}?fields={Uri.EscapeDataString(fields)}");

            Assert.Equal(expected, Names(json), StringComparer.Ordinal);
            foreach (var name in expected)
            {
                Assert.Equal(full.GetProperty(name).GetRawText(), json.GetProperty(name).GetRawText());
            }
        }
    }

    [Fact]
    public async Task Fields_OnTheArticleList_ApplyToEachItem_AndKeepThePageEnvelope()
    {
        var tag = await CreateTagAsync();
        var older = await CreatePublishedArticleAsync(tags: [tag.Name]);
        var newer = await CreatePublishedArticleAsync(tags: [tag.Name]);

        var json = await GetJsonAsync($"/api/articles?tag={tag.Slug}&pageSize=1&page=2&fields=id,title");

        Assert.Equal(PageFields, Names(json), StringComparer.Ordinal);
        Assert.Equal(2, json.GetProperty("page").GetInt32());
        Assert.Equal(1, json.GetProperty("pageSize").GetInt32());
        Assert.Equal(2, json.GetProperty("totalItems").GetInt32());
        Assert.Equal(2, json.GetProperty("totalPages").GetInt32());
        var item = Assert.Single(json.GetProperty("items").EnumerateArray());
        Assert.Equal(["id", "title"], Names(item), StringComparer.Ordinal);
        Assert.Equal(older.Id, item.GetProperty("id").GetInt32());
        Assert.Equal(older.Title, item.GetProperty("title").GetString());

        var all = await GetJsonAsync($"/api/articles?tag={tag.Slug}&fields=slug,wordCount,excerpt");
        Assert.Equal(PageFields, Names(all), StringComparer.Ordinal);
        Assert.Equal(
            [newer.Slug, older.Slug],
            all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()));
        Assert.All(
            all.GetProperty("items").EnumerateArray(),
            i => Assert.Equal(["excerpt", "slug", "wordCount"], Names(i), StringComparer.Ordinal));
    }

    [Fact]
    public async Task Fields_OnTags_ApplyToSingleReadsAndToListItems()
    {
        var tag = await CreateTagAsync(Unique("Fielded "));
        await CreatePublishedArticleAsync(tags: [tag.Name]);

        var byId = await GetJsonAsync($"/api/tags/{tag.Id}?fields=name,articleCount");
        Assert.Equal(["articleCount", "name"], Names(byId), StringComparer.Ordinal);
        Assert.Equal(tag.Name, byId.GetProperty("name").GetString());
        Assert.Equal(1, byId.GetProperty("articleCount").GetInt32());

        var bySlug = await GetJsonAsync($"/api/tags/slug/{tag.Slug}?fields=slug");
        Assert.Equal(["slug"], Names(bySlug), StringComparer.Ordinal);
        Assert.Equal(tag.Slug, bySlug.GetProperty("slug").GetString());

        var list = await GetJsonAsync($"/api/tags?q={Uri.EscapeDataString(tag.Name)}&fields=id,slug");
        Assert.Equal(PageFields, Names(list), StringComparer.Ordinal);
        Assert.Equal(1, list.GetProperty("totalItems").GetInt32());
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(["id", "slug"], Names(item), StringComparer.Ordinal);
        Assert.Equal(tag.Id, item.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Fields_OnSuggestions_ApplyToEachItem()
    {
        var tag = Unique("Shared ");
        var article = await CreatePublishedArticleAsync(tags: [tag]);
        var suggested = await CreatePublishedArticleAsync(tags: [tag]);

        foreach (var url in new[] { $"/api/articles/{article.Id}/suggestions", $"/api/articles/slug/{article.Slug}/suggestions" })
        {
            var json = await GetJsonAsync($"{url}?fields=id,slug");

            var item = Assert.Single(json.EnumerateArray());
            Assert.Equal(["id", "slug"], Names(item), StringComparer.Ordinal);
            Assert.Equal(suggested.Id, item.GetProperty("id").GetInt32());
            Assert.Equal(suggested.Slug, item.GetProperty("slug").GetString());
        }
    }

    [Fact]
    public async Task Fields_NamingUnknownFields_Return400NamingFields()
    {
        var tag = Unique("Unknown fields ");
        var article = await CreatePublishedArticleAsync(tags: [tag]);
        await CreatePublishedArticleAsync(tags: [tag]);
        var tagSlug = article.Tags[0].Slug;
        string[] urls =
        [
            $"/api/articles/{article.Id}?fields=id,nope",
            $"/api/articles/slug/{article.Slug}?fields=author",
            // List items are summaries: they have no body.
            "/api/articles?fields=id,body",
            "/api/articles?fields=bodyHtml",
            $"/api/tags/{article.Tags[0].Id}?fields=title",
            $"/api/tags/slug/{tagSlug}?fields=excerpt",
            "/api/tags?fields=name,items",
            $"/api/articles/{article.Id}/suggestions?fields=body",
            $"/api/articles/slug/{article.Slug}/suggestions?fields=page",
        ];

        foreach (var url in urls)
        {
            var response = await Client.GetAsync(url, Ct);

            var problem = await AssertValidationErrorsAsync(response, "fields");
            Assert.Contains("fields", problem.GetProperty("errors").GetProperty("fields")[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("plaintext", "id,bodyPlaintext", "bodyPlaintext,id")]
    [InlineData("markdown,html,plaintext", "bodyHtml,bodyPlaintext", "bodyHtml,bodyPlaintext")]
    [InlineData("html", "title,bodyHtml", "bodyHtml,title")]
    [InlineData("markdown", "id,bodyHtml", "id")] // bodyHtml was not asked for in formats: nothing to keep
    [InlineData(null, "body", "body")]
    [InlineData(null, "bodyPlaintext,slug", "slug")] // plaintext is not a default format
    public async Task Fields_CombinedWithFormats_KeepTheChosenFieldsOfTheChosenFormats(string? formats, string fields, string expected)
    {
        var article = await CreateAsync(Markdown);
        var query = formats is null ? $"fields={fields}" : $"formats={formats}&fields={fields}";

        var json = await GetJsonAsync($"/api/articles/{article.Id}?{query}");

        Assert.Equal(expected.Split(','), Names(json), StringComparer.Ordinal);
        if (json.TryGetProperty("bodyPlaintext", out var plaintext))
        {
            Assert.Equal(ExpectedPlaintext, plaintext.GetString());
        }

        if (json.TryGetProperty("body", out var body))
        {
            Assert.Equal(Markdown, body.GetString());
        }
    }

    [Fact]
    public async Task FieldsAndFormats_BothUnknown_Return400NamingBoth()
    {
        var article = await CreateAsync(Markdown);

        var response = await Client.GetAsync($"/api/articles/{article.Id}?formats=pdf&fields=nope", Ct);

        await AssertValidationErrorsAsync(response, "fields", "formats");
    }

    // ---------- helpers ----------

    /// <summary>Nothing in <paramref name="html"/> can run script: no script or frame elements, no handlers, no script URLs.</summary>
    private static void AssertInert(string html)
    {
        var decoded = WebUtility.HtmlDecode(html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(EventHandlerAttribute, html);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", decoded, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:text/html", decoded, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);

        // The same, on the document a browser would build from the HTML.
        using var document = new HtmlParser().ParseDocument(html);
        string[] forbidden = ["script", "iframe", "frame", "object", "embed", "svg", "math", "style", "link", "meta", "base", "form", "noscript"];
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            Assert.DoesNotContain(element.LocalName, forbidden);
            foreach (var attribute in element.Attributes)
            {
                Assert.False(
                    attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase),
                    $"<{element.LocalName}> keeps the handler {attribute.Name}=\"{attribute.Value}\"");
                var value = string.Concat(attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)));
                Assert.False(
                    value.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)
                    || value.StartsWith("vbscript:", StringComparison.OrdinalIgnoreCase)
                    || value.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
                    || value.Contains("javascript:", StringComparison.OrdinalIgnoreCase),
                    $"<{element.LocalName}> keeps {attribute.Name}=\"{attribute.Value}\"");
            }
        }

        var head = document.Head;
        Assert.True(head is null || head.ChildElementCount == 0, head?.InnerHtml);
    }


    private static string[] Names(JsonElement json) =>
        [.. json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    private Task<ArticleResponse> CreateAsync(string body) =>
        CreateArticleAsync(new { title = Unique("Formats "), body, status = "published" });

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        var response = await Client.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }
}
