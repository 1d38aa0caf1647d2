using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.ErrorHandling;

/// <summary>Theory data of the error-handling tests (static members cannot live on the generic classes).</summary>
public static class ErrorHandlingTestData
{
    // ---------------------------------------------------------------- hostile inputs

    /// <summary>A hostile value: raw JSON text (possibly invalid) for bodies, and percent-encoded text for URLs.</summary>
    internal sealed record Hostile(string Json, string Query);

    private static Hostile JsonAndText(string json, string text) => new(json, Uri.EscapeDataString(text));

    /// <summary>Characters U+F700–U+F7FF in these strings stand for the raw bytes 0x00–0xFF (see ErrorHandlingTestBase.ToUtf8).</summary>
    internal static readonly Dictionary<string, Hostile> HostileInputs = new()
    {
        ["broken JSON"] = JsonAndText("""{"name": "x", "title": """, """{"name":"""),
        ["unterminated string"] = JsonAndText("\"abc", "\"abc"),
        ["single-quoted string"] = JsonAndText("'abc'", "'abc'"),
        ["invalid escape"] = JsonAndText("\"\\x41\"", "\\x41"),
        ["trailing comma"] = JsonAndText("[1,]", "[1,]"),
        ["number 1e400"] = JsonAndText("1e400", "1e400"),
        ["number 99999999999999999999"] = JsonAndText("99999999999999999999", "99999999999999999999"),
        ["negative number"] = JsonAndText("-1", "-1"),
        ["int.MinValue"] = JsonAndText("-2147483648", "-2147483648"),
        ["int.MaxValue + 1"] = JsonAndText("2147483648", "2147483648"),
        ["fraction"] = JsonAndText("1.5", "1.5"),
        ["zero"] = JsonAndText("0", "0"),
        ["escaped control characters"] = JsonAndText("\"\\u0000\\u0001\\b\\f\\u001f\\u007f\"", "\0\u0001\b\f\u001f\u007f"),
        ["raw control characters"] = JsonAndText("\"a\u0001b\u0000c\"", "a\u0001b\u0000c"),
        ["CRLF injection"] = JsonAndText("\"a\\r\\nX-Injected: 1\"", "a\r\nX-Injected: 1"),
        ["lone high surrogate"] = new("\"\\ud800\"", "%ED%A0%80"),
        ["lone low surrogate"] = new("\"x\\udfffy\"", "x%ED%BF%BFy"),
        ["reversed surrogate pair"] = new("\"\\udc00\\ud800\"", "%ED%B0%80%ED%A0%80"),
        ["invalid UTF-8 bytes"] = new("\"a\uF7FF\uF7FEb\"", "a%FF%FEb"),
        ["overlong UTF-8 NUL"] = new("\"\uF7C0\uF780\"", "%C0%80"),
        ["SQL drop table"] = JsonAndText("\"'; DROP TABLE Articles;--\"", "'; DROP TABLE Articles;--"),
        ["SQL tautology"] = JsonAndText("\"x' OR '1'='1\\\" OR 1=1; DELETE FROM Tags; --\"", "x' OR '1'='1\" OR 1=1; DELETE FROM Tags; --"),
        ["LIKE wildcards"] = JsonAndText("\"%_[]^\\\\\"", "%_[]^\\"),
        ["script tag"] = JsonAndText("\"<script>alert(1)</script>\"", "<script>alert(1)</script>"),
        ["HTML attribute breakout"] = JsonAndText("\"\\\"><img src=x onerror=alert(1)>\"", "\"><img src=x onerror=alert(1)>"),
        ["format string"] = JsonAndText("\"{0}{1}%s%n%x\"", "{0}{1}%s%n%x"),
        ["path traversal"] = JsonAndText("\"../../etc/passwd\"", "../../etc/passwd"),
        ["emoji, bidi and combining marks"] = JsonAndText("\"😀\\u202e\\u200b cafe\\u0301 ﷽\"", "😀\u202e\u200b cafe\u0301 ﷽"),
        ["600,000-character string"] = JsonAndText("\"" + new string('a', 600_000) + "\"", new string('a', 8_000)),
        ["100 nested arrays"] = JsonAndText(new string('[', 100) + new string(']', 100), new string('[', 100)),
        ["100 nested objects"] = JsonAndText(string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100), "{\"a\":{\"a\":{"),
        ["empty object"] = JsonAndText("{}", "{}"),
        ["null"] = JsonAndText("null", "null"),
        ["empty string"] = new("\"\"", ""),
        ["whitespace string"] = JsonAndText("\"   \"", "   "),
        ["earliest date"] = JsonAndText("\"0001-01-01T00:00:00Z\"", "0001-01-01T00:00:00Z"),
        ["latest date"] = JsonAndText("\"9999-12-31T23:59:59.9999999Z\"", "9999-12-31T23:59:59.9999999Z"),
        ["earliest date with offset"] = JsonAndText("\"0001-01-01T00:00:00+14:00\"", "0001-01-01T00:00:00+14:00"),
        ["latest date with offset"] = JsonAndText("\"9999-12-31T23:59:59-14:00\"", "9999-12-31T23:59:59-14:00"),
    };

    /// <summary>§V is the hostile value, @u a unique token, @y the id of a victim article.</summary>
    internal static readonly string[] TagTemplates =
    [
        """{"name":§V}""",
        """{"name":"Hostile @u","slug":§V}""",
        """{"name":"Hostile @u","description":§V}""",
        """{"name":§V,"slug":§V,"description":§V}""",
        """{"name":"Hostile @u","extra":§V}""",
    ];

    internal static readonly string[] ArticleTemplates =
    [
        """{"title":§V,"body":"Body"}""",
        """{"title":"Hostile @u","body":§V}""",
        """{"title":"Hostile @u","body":"Body","slug":§V}""",
        """{"title":"Hostile @u","body":"Body","summary":§V}""",
        """{"title":"Hostile @u","body":"Body","featureImageUrl":§V}""",
        """{"title":"Hostile @u","body":"Body","status":§V}""",
        """{"title":"Hostile @u","body":"Body","status":"published","publishedAt":§V}""",
        """{"title":"Hostile @u","body":"Body","tags":§V}""",
        """{"title":"Hostile @u","body":"Body","tags":[§V]}""",
        """{"title":"Hostile @u","body":"Body","relatedArticleIds":§V}""",
        """{"title":"Hostile @u","body":"Body","relatedArticleIds":[§V]}""",
        """{"title":§V,"slug":§V,"summary":§V,"body":§V,"featureImageUrl":§V,"status":§V,"publishedAt":§V,"tags":[§V],"relatedArticleIds":[§V]}""",
    ];

    internal static readonly string[] ReplaceRelatedTemplates =
    [
        """{"articleIds":§V}""",
        """{"articleIds":[§V]}""",
        """{"articleIds":[@y,§V]}""",
    ];

    internal static readonly string[] AddRelatedTemplates =
    [
        """{"articleId":§V}""",
        """{"articleId":@y,"position":§V}""",
        """{"articleId":@y,"reciprocal":§V}""",
        """{"articleId":§V,"position":§V,"reciprocal":§V}""",
    ];

    /// <summary>Endpoints that read a JSON body; {tag} and {article} are replaced by ids of rows created for the test.</summary>
    public static TheoryData<string> BodyEndpoints => new()
    {
        "POST /api/tags",
        "PUT /api/tags/{tag}",
        "POST /api/articles",
        "PUT /api/articles/{article}",
        "PUT /api/articles/{article}/related",
        "POST /api/articles/{article}/related",
    };

    public static TheoryData<string, string> UnknownUrls => new()
    {
        { "GET", "/api/nope" },
        { "GET", "/nope/at/all" },
        { "POST", "/api/nope" },
        { "GET", "/api/tags/abc" },
        { "GET", "/api/tags/1/extra" },
        { "GET", "/api/tags/99999999999" },
        { "DELETE", "/api/tags/1.5" },
        { "GET", "/api/articles/abc/related" },
        { "DELETE", "/api/articles/1/related/abc" },
        { "PUT", "/api/articles/slug/x/y" },
    };

    public static TheoryData<string, string, string> WrongMethods => new()
    {
        { "DELETE", "/api/tags", "GET,POST" },
        { "PATCH", "/api/tags/1", "DELETE,GET,PUT" },
        { "POST", "/api/tags/1", "DELETE,GET,PUT" },
        { "DELETE", "/api/tags/slug/x", "GET" },
        { "PUT", "/api/articles", "GET,POST" },
        { "PATCH", "/api/articles/1", "DELETE,GET,PUT" },
        { "DELETE", "/api/articles/1/related", "GET,POST,PUT" },
        { "GET", "/api/articles/1/related/2", "DELETE" },
    };

    public static TheoryData<string, string> MalformedBodies => CrossEndpoints(
        """{"name":""",
        """{name:"x"}""",
        """{"title":"a",}""",
        "not json",
        """{"a":1}}""",
        """{"a":"\x41"}""",
        "{\"a\":\"line\nbreak\"}",
        "\uF7EF\uF7BB{\"name\":\"half a BOM\"}");

    public static TheoryData<string, string> NonObjectBodies => CrossEndpoints("[]", "[{}]", "null", "\"text\"", "42", "true");

    public static TheoryData<string, string> WrongContentTypes => CrossEndpoints(
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "none");

    public static TheoryData<string, string, string> WrongJsonTypes => new()
    {
        { "POST /api/tags", """{"name":5}""", "name" },
        { "POST /api/tags", """{"name":"n","description":{"a":1}}""", "description" },
        { "POST /api/tags", """{"name":"n","slug":["a"]}""", "slug" },
        { "PUT /api/tags/{tag}", """{"name":true}""", "name" },
        { "POST /api/articles", """{"title":5,"body":"b"}""", "title" },
        { "POST /api/articles", """{"title":"t","body":"b","tags":"x"}""", "tags" },
        { "POST /api/articles", """{"title":"t","body":"b","tags":[1]}""", "tags[0]" },
        { "POST /api/articles", """{"title":"t","body":"b","relatedArticleIds":["a"]}""", "relatedArticleIds[0]" },
        { "POST /api/articles", """{"title":"t","body":"b","relatedArticleIds":7}""", "relatedArticleIds" },
        { "POST /api/articles", """{"title":"t","body":"b","publishedAt":"yesterday"}""", "publishedAt" },
        { "POST /api/articles", """{"title":"t","body":"b","status":1}""", "status" },
        { "PUT /api/articles/{article}", """{"title":"t","body":[]}""", "body" },
        { "PUT /api/articles/{article}/related", """{"articleIds":"1"}""", "articleIds" },
        { "PUT /api/articles/{article}/related", """{"articleIds":[1.5]}""", "articleIds[0]" },
        { "POST /api/articles/{article}/related", """{"articleId":"x"}""", "articleId" },
        { "POST /api/articles/{article}/related", """{"articleId":1,"position":"first"}""", "position" },
        { "POST /api/articles/{article}/related", """{"articleId":1,"reciprocal":"yes"}""", "reciprocal" },
    };

    public static TheoryData<string> HostileInputNames
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in HostileInputs.Keys)
            {
                data.Add(name);
            }

            return data;
        }
    }

    private static TheoryData<string, string> CrossEndpoints(params string[] values)
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in BodyEndpoints)
        {
            foreach (var value in values)
            {
                data.Add(endpoint.Data, value);
            }
        }

        return data;
    }
}

/// <summary>What the error-handling tests share: bodies written as text that may stand for invalid UTF-8.</summary>
public abstract class ErrorHandlingTestBase<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    /// <summary>UTF-8 bytes of <paramref name="text"/>, where U+F700–U+F7FF stand for single raw bytes (to send invalid UTF-8).</summary>
    protected static byte[] ToUtf8(string text)
    {
        var bytes = new List<byte>(text.Length);
        Span<byte> buffer = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is >= 0xF700 and <= 0xF7FF)
            {
                bytes.Add((byte)(rune.Value - 0xF700));
            }
            else
            {
                var length = rune.EncodeToUtf8(buffer);
                bytes.AddRange(buffer[..length]);
            }
        }

        return [.. bytes];
    }
}
