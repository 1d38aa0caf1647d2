using Microsoft.Playwright;

namespace HeadlessBlog.Api.BrowserTests.Infrastructure;

/// <summary>What an editor does in Swagger UI, as Playwright steps. Every step waits for what it needs; nothing sleeps.</summary>
public sealed class SwaggerUiPage(IPage page)
{
    public IPage Page { get; } = page;

    /// <summary>Opens Swagger UI and waits until the document is loaded and its operations are listed.</summary>
    public async Task OpenAsync(Uri baseAddress)
    {
        await Page.GotoAsync(new Uri(baseAddress, "/swagger/index.html").ToString());
        await Assertions.Expect(Page.Locator(".info .title")).ToContainTextAsync("HeadlessBlog API");
        await Assertions.Expect(Page.Locator(".opblock").First).ToBeVisibleAsync();
    }

    /// <summary>Authorize → the X-Api-Key value → Authorize → Close, as a person would.</summary>
    public async Task AuthorizeAsync(string apiKey)
    {
        await Page.Locator(".scheme-container button.authorize").ClickAsync();
        var dialog = Page.Locator(".dialog-ux .modal-ux");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("X-Api-Key");

        var value = dialog.Locator(".auth-container input").First;
        await value.FillAsync(apiKey);
        await dialog.Locator("button.modal-btn.authorize").ClickAsync();

        // Once authorized the dialog offers Logout instead of Authorize.
        await Assertions.Expect(dialog.Locator("button", new() { HasText = "Logout" })).ToBeVisibleAsync();
        await dialog.Locator("button.btn-done").ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();
    }

    /// <summary>
    /// Expands the operation (Swagger UI's id <c>operations-{tag}-{operationId}</c>), clicks "Try it out", fills the
    /// given query parameters and, if given, edits the example body, clicks Execute and reads the live response.
    /// </summary>
    public async Task<TryItOutResult> TryItOutAsync(
        string tag, string operationId, IReadOnlyDictionary<string, string>? query = null, Func<string, string>? editBody = null)
    {
        var operation = Page.Locator($"#operations-{tag}-{operationId}");
        await Assertions.Expect(operation).ToBeVisibleAsync();
        await operation.ScrollIntoViewIfNeededAsync();
        if (!await operation.Locator(".opblock-body").IsVisibleAsync())
        {
            await operation.Locator(".opblock-summary").First.ClickAsync();
        }

        var tryItOut = operation.Locator("button.try-out__btn");
        await Assertions.Expect(tryItOut).ToBeVisibleAsync();
        await tryItOut.ClickAsync();

        var execute = operation.Locator("button.execute");
        await Assertions.Expect(execute).ToBeVisibleAsync();

        foreach (var (name, value) in query ?? new Dictionary<string, string>())
        {
            var input = operation.Locator($"tr[data-param-name='{name}'][data-param-in='query'] input");
            await input.FillAsync(value);
            // Swagger UI debounces parameter inputs; leaving the field hands the value over at once.
            await input.BlurAsync();
        }

        if (editBody is not null)
        {
            var textarea = operation.Locator("textarea.body-param__text");
            await Assertions.Expect(textarea).ToBeEditableAsync();
            var example = await textarea.InputValueAsync();
            Assert.False(string.IsNullOrWhiteSpace(example), $"{operationId}: Swagger UI shows no example body to edit.");
            await textarea.FillAsync(editBody(example));
        }

        await execute.ClickAsync();

        var response = operation.Locator(".live-responses-table .response").First;
        var status = response.Locator(".response-col_status");
        await Assertions.Expect(status).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*\d{3}"));
        var statusText = (await status.InnerTextAsync()).Trim();

        var statusCode = int.Parse(statusText[..3], System.Globalization.CultureInfo.InvariantCulture);
        var requestUrl = (await operation.Locator(".request-url pre").InnerTextAsync()).Trim();
        if (statusCode is 204 or 304)
        {
            return new(statusCode, "", requestUrl);
        }

        // "Response body" comes before "Response headers" in the same column.
        var body = response.Locator(".response-col_description .highlight-code").First;
        await Assertions.Expect(body).ToBeVisibleAsync();
        return new(statusCode, await body.InnerTextAsync(), requestUrl);
    }
}

/// <summary>What Swagger UI shows after Execute: the status and body of the live response, and the request URL it sent.</summary>
public sealed record TryItOutResult(int Status, string Body, string RequestUrl);
