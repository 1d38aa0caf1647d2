using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using HeadlessBlog.Data;
using Microsoft.Extensions.Options;
using StandardWebhooks;

namespace HeadlessBlog.Api.Webhooks;

/// <summary>Where and how to send a delivery: the endpoint's URL, format and the secrets to sign with.</summary>
public sealed record WebhookTarget(string Url, string Format, string Secret, string? PreviousSecret, DateTime? PreviousSecretUntil);

/// <summary>What one attempt got: the response's status and the start of its body, or the error.</summary>
public sealed record AttemptOutcome(DateTime StartedAt, int DurationMs, int? ResponseStatus, string? ResponseBody, string? Error)
{
    public bool Succeeded => ResponseStatus is >= 200 and < 300;

    /// <summary>The endpoint answered 410 Gone: it wants no more deliveries.</summary>
    public bool Gone => ResponseStatus == StatusCodes.Status410Gone;
}

/// <summary>
/// Makes one attempt of a delivery: a POST signed as Standard Webhooks 1.0 says (<c>webhook-id</c>,
/// <c>webhook-timestamp</c> of this attempt, <c>webhook-signature</c> <c>v1,</c> HMAC-SHA256 of "id.timestamp.body"),
/// with the current and, for 24 hours after a rotation, the previous secret (newest first). Redirects are not
/// followed; at most 4 KiB of the response body is kept; <see cref="WebhookOptions.TimeoutSeconds"/> bounds it all.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider clock)
{
    public const string ClientName = "webhooks";
    public const int MaxResponseBytes = 4_096;

    public async Task<AttemptOutcome> SendAsync(WebhookTarget target, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var body = target.Format == WebhookFormats.Empty ? "" : delivery.Body;
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url)
        {
            Content = new StringContent(body, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.TryAddWithoutValidation("webhook-id", delivery.MessageId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", Signatures(target, delivery.MessageId, now, body));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var response = await clients.CreateClient(ClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var start = await ReadStartAsync(response, timeout.Token);
            return new AttemptOutcome(now.UtcDateTime, Elapsed(stopwatch), (int)response.StatusCode, start, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AttemptOutcome(now.UtcDateTime, Elapsed(stopwatch), null, null, $"No response within {options.Value.TimeoutSeconds} s.");
        }
        catch (HttpRequestException exception)
        {
            // The cause, not HttpClient's "An error occurred while sending the request".
            var reason = exception.InnerException is { } inner ? inner.GetBaseException().Message : exception.Message;
            return new AttemptOutcome(now.UtcDateTime, Elapsed(stopwatch), null, null, Truncate(reason));
        }
    }

    /// <summary>The <c>webhook-signature</c> header: one <c>v1,</c> signature per secret in force, newest first.</summary>
    public static string Signatures(WebhookTarget target, string messageId, DateTimeOffset timestamp, string body)
    {
        var current = new StandardWebhook(target.Secret).Sign(messageId, timestamp, body);
        return target.PreviousSecret is { } previous && target.PreviousSecretUntil > timestamp.UtcDateTime
            ? current + " " + new StandardWebhook(previous).Sign(messageId, timestamp, body)
            : current;
    }

    private static async Task<string?> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxResponseBytes];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += n;
        }

        return read == 0 ? null : Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static int Elapsed(Stopwatch stopwatch) => (int)Math.Min(int.MaxValue, stopwatch.ElapsedMilliseconds);

    private static string Truncate(string text) => text.Length <= 1_000 ? text : text[..1_000];
}
