using System.Diagnostics;
using System.Net;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Site;

/// <summary>
/// The feeds read by a parser that is not ours: Debian's python3-feedparser for RSS and Atom (no "bozo" error, every
/// entry with its link and content) and python3-jsonschema against the JSON Feed schema — feedparser 6.0 has no JSON Feed
/// support (it reads it as malformed XML). Skipped where Debian's Python lacks them, unless FEEDPARSER_REQUIRED=1 (CI).
/// </summary>
public sealed class IndependentFeedParserTests(SiteSqliteFactory factory) : ApiTestBase<SiteSqliteFactory>(factory)
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import json, sys, feedparser, jsonschema
        rss, atom, jsonfeed, schema, count = sys.argv[1:6]
        for path, version in ((rss, "rss20"), (atom, "atom10")):
            parsed = feedparser.parse(path)
            if parsed.bozo:
                sys.exit(f"{path}: bozo: {parsed.bozo_exception}")
            if parsed.version != version or len(parsed.entries) != int(count):
                sys.exit(f"{path}: version {parsed.version}, {len(parsed.entries)} entries")
            for entry in parsed.entries:
                if not entry.link.startswith("https://blog.example/blog/") or not entry.content[0].value.startswith("<p>"):
                    sys.exit(f"{path}: entry {entry.get('id')} without its link or content")
        feed = json.load(open(jsonfeed, encoding="utf-8"))
        jsonschema.validate(feed, json.load(open(schema, encoding="utf-8")), format_checker=jsonschema.FormatChecker())
        if len(feed["items"]) != int(count):
            sys.exit(f"json: {len(feed['items'])} items")
        print("ok")
        """;

    [Fact]
    public async Task RssAtomAndJsonFeed_ReadByDebiansParsers_WithoutErrors()
    {
        SkipUnlessPythonHasTheParsers();
        var tag = await CreateTagAsync();
        await CreatePublishedArticleAsync(tags: [tag.Name]);
        await CreatePublishedArticleAsync(tags: [tag.Name]);
        var folder = Directory.CreateTempSubdirectory("headlessblog-feeds-");
        try
        {
            var files = new List<string>();
            foreach (var format in (string[])["rss", "atom", "json"])
            {
                var response = await Client.GetAsync($"/api/feeds/{format}?tag={tag.Slug}", Ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var path = Path.Combine(folder.FullName, "feed." + format);
                await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync(Ct), Ct);
                files.Add(path);
            }

            var (exit, output) = await RunPythonAsync(
                "-c", Script, files[0], files[1], files[2], Path.Combine(AppContext.BaseDirectory, "Site", "jsonfeed-1.1.schema.json"), "2");

            Assert.True(exit == 0 && output.Trim() == "ok", output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void SkipUnlessPythonHasTheParsers()
    {
        var (exit, output) = File.Exists(Python) ? RunPythonAsync("-c", "import feedparser, jsonschema").GetAwaiter().GetResult() : (-1, "no " + Python);
        if (exit != 0)
        {
            Assert.False(Environment.GetEnvironmentVariable("FEEDPARSER_REQUIRED") == "1", $"FEEDPARSER_REQUIRED=1 but: {output}");
            Assert.Skip($"Debian's python3-feedparser and python3-jsonschema are not installed here (apt-get install -y python3-feedparser python3-jsonschema): {output}");
        }
    }

    private static async Task<(int Exit, string Output)> RunPythonAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
