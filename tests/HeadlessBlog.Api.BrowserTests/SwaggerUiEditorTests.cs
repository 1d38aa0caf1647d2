using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using HeadlessBlog.Api.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace HeadlessBlog.Api.BrowserTests;

/// <summary>
/// An editor's first session in Swagger UI, end to end: the real API on a real port, Debian's Chromium driven by
/// Playwright. Skipped when Chromium is not installed.
/// </summary>
public sealed class SwaggerUiEditorTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>This machine is shared and slow: every wait may take this long before it fails.</summary>
    private const int StepTimeoutMs = 60_000;

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    [Fact(Timeout = 600_000)]
    public async Task Editor_AuthorizesInSwaggerUi_CreatesTagAndArticle_AndFindsThemInLists()
    {
        Assert.SkipUnless(File.Exists(ChromiumPath),
            $"Chromium is not installed at {ChromiumPath}; install it with `apt-get update && apt-get install -y chromium` " +
            "(Debian) to run the browser tests.");
        var output = TestContext.Current.TestOutputHelper;
        var elapsed = Stopwatch.StartNew();

        await using var host = BrowserApiHost.Start();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = 120_000,
        });
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 1024 } });
        // Playwright's waits take no CancellationToken: when the test times out, closing the browser ends them at once.
        await using var closeOnTimeout = TestContext.Current.CancellationToken.Register(
            static state => _ = ((IBrowser)state!).CloseAsync(), browser);
        context.SetDefaultTimeout(StepTimeoutMs);
        context.SetDefaultNavigationTimeout(120_000);
        Assertions.SetDefaultExpectTimeout(StepTimeoutMs);

        var page = await context.NewPageAsync();
        var browserErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                browserErrors.Add("console: " + message.Text);
            }
        };
        page.PageError += (_, error) => browserErrors.Add("page error: " + error);

        var suffix = Guid.NewGuid().ToString("N")[..10];
        var tagName = $"E2E Tag {suffix}";
        var articleTitle = $"E2E Article {suffix}";
        var swagger = new SwaggerUiPage(page);
        try
        {
            await swagger.OpenAsync(host.BaseAddress);
            await swagger.AuthorizeAsync(host.WriteKey);

            var result = await swagger.TryItOutAsync("Tags", "CreateTag", editBody: example =>
            {
                var tag = JsonNode.Parse(example)!.AsObject();
                tag["name"] = tagName;
                tag["description"] = "Created by the browser test through Swagger UI.";
                return tag.ToJsonString();
            });
            Assert.True(result.Status == 201, $"POST /api/tags answered {result.Status}, not 201:\n{result.Body}");
            Assert.Contains($"e2e-tag-{suffix}", result.Body, StringComparison.Ordinal);

            result = await swagger.TryItOutAsync("Articles", "CreateArticle", editBody: example =>
            {
                var article = JsonNode.Parse(example)!.AsObject();
                article["title"] = articleTitle;
                article["status"] = "published";
                article["tags"] = new JsonArray(tagName);
                article["relatedArticleIds"] = new JsonArray();
                return article.ToJsonString();
            });
            Assert.True(result.Status == 201, $"POST /api/articles answered {result.Status}, not 201:\n{result.Body}");
            Assert.Contains($"e2e-article-{suffix}", result.Body, StringComparison.Ordinal);

            result = await swagger.TryItOutAsync("Tags", "ListTags", query: new Dictionary<string, string> { ["q"] = tagName });
            Assert.True(result.Status == 200, $"GET /api/tags?q=… answered {result.Status}, not 200:\n{result.Body}");
            Assert.Contains("q=" + Uri.EscapeDataString(tagName), result.RequestUrl, StringComparison.Ordinal);
            Assert.Contains(tagName, result.Body, StringComparison.Ordinal);
            Assert.Matches(@"""totalItems"":\s*1\b", result.Body);

            result = await swagger.TryItOutAsync("Articles", "ListArticles");
            Assert.True(result.Status == 200, $"GET /api/articles answered {result.Status}, not 200:\n{result.Body}");
            Assert.Contains(articleTitle, result.Body, StringComparison.Ordinal);
        }
        catch (Exception)
        {
            var screenshot = await TrySaveScreenshotAsync(page);
            output?.WriteLine(screenshot is null ? "No screenshot could be taken." : $"Screenshot of the failure: {screenshot}");
            foreach (var error in browserErrors)
            {
                output?.WriteLine(error);
            }

            throw;
        }
        finally
        {
            output?.WriteLine($"Browser test took {elapsed.Elapsed.TotalSeconds:0.0} s (host start, browser launch and all steps).");
        }
    }

    /// <summary>A full-page PNG in TestResults/screenshots of this project; null when even that fails.</summary>
    private static async Task<string?> TrySaveScreenshotAsync(IPage page)
    {
        try
        {
            var projectDirectory = typeof(SwaggerUiEditorTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "ProjectDirectory")?.Value ?? AppContext.BaseDirectory;
            var folder = Path.Combine(projectDirectory, "TestResults", "screenshots");
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, $"swagger-ui-failure-{DateTime.UtcNow:yyyyMMdd-HHmmss}.png");
            await page.ScreenshotAsync(new() { Path = path, FullPage = true, Timeout = 30_000 });
            return path;
        }
        catch (PlaywrightException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
