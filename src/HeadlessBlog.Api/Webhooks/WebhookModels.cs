using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using HeadlessBlog.Api.Changes;
using HeadlessBlog.Data;
using Microsoft.AspNetCore.Mvc;

namespace HeadlessBlog.Api.Webhooks;

/// <summary>Registers a webhook or replaces all of its settings (omitted fields take their defaults).</summary>
/// <param name="Url">Where the events are POSTed: an absolute http or https URL, at most 2,000 characters, without user info.</param>
/// <param name="Events">
/// 1–20 event types (<c>article.created</c>, <c>article.updated</c>, <c>article.published</c>, <c>article.unpublished</c>,
/// <c>article.deleted</c>, <c>tag.created</c>, <c>tag.updated</c>, <c>tag.deleted</c>) or patterns (<c>article.*</c>,
/// <c>tag.*</c>, <c>*</c>); default <c>["*"]</c>.
/// </param>
/// <param name="Description">Optional, at most 500 characters.</param>
/// <param name="Enabled">Whether events are delivered (default true); enabling a disabled webhook clears its <c>disabledReason</c>.</param>
/// <param name="Format"><c>standard</c> (default: a Standard Webhooks JSON body) or <c>empty</c> (an empty signed POST, for build hooks).</param>
/// <param name="PublicOnly">Only events that change what anonymous readers can see (default true).</param>
public sealed record WebhookRequest(
    string Url, IReadOnlyList<string>? Events, string? Description, bool? Enabled, string? Format, bool? PublicOnly);

/// <summary>A registered webhook (its secret is shown only when it is created or rotated).</summary>
public record WebhookResponse
{
    /// <summary>Database id.</summary>
    public required int Id { get; init; }

    /// <summary>Where the events are POSTed.</summary>
    public required string Url { get; init; }

    /// <summary>The event types and patterns it receives.</summary>
    public required IReadOnlyList<string> Events { get; init; }

    /// <summary>Optional description.</summary>
    public string? Description { get; init; }

    /// <summary>Whether events are delivered.</summary>
    public required bool Enabled { get; init; }

    /// <summary>Why it was disabled automatically (410 Gone, or every attempt failed for days); null otherwise.</summary>
    public string? DisabledReason { get; init; }

    /// <summary><c>standard</c> or <c>empty</c>.</summary>
    public required string Format { get; init; }

    /// <summary>Only events that change what anonymous readers can see.</summary>
    public required bool PublicOnly { get; init; }

    /// <summary>When it was registered (UTC).</summary>
    public required DateTime CreatedAt { get; init; }

    /// <summary>When it was last changed (UTC).</summary>
    public required DateTime UpdatedAt { get; init; }

    /// <summary>Concurrency version; changes on every update.</summary>
    public required string Version { get; init; }

    public static WebhookResponse From(Webhook webhook) => new()
    {
        Id = webhook.Id,
        Url = webhook.Url,
        Events = WebhookEvents.Split(webhook.Events),
        Description = webhook.Description,
        Enabled = webhook.Enabled,
        DisabledReason = webhook.DisabledReason,
        Format = webhook.Format,
        PublicOnly = webhook.PublicOnly,
        CreatedAt = webhook.CreatedAt,
        UpdatedAt = webhook.UpdatedAt,
        Version = Convert.ToHexStringLower(webhook.Version),
    };
}

/// <summary>A webhook just registered, with the secret its deliveries are signed with: shown this once.</summary>
public sealed record WebhookCreated : WebhookResponse
{
    public WebhookCreated()
    {
    }

    [SetsRequiredMembers]
    public WebhookCreated(WebhookResponse webhook, string secret)
        : base(webhook) => Secret = secret;

    /// <summary>The signing secret (<c>whsec_</c> and base64): store it now, it is not shown again.</summary>
    [JsonPropertyOrder(1)]
    public required string Secret { get; init; }
}

/// <summary>A new signing secret.</summary>
/// <param name="Secret">The new secret (<c>whsec_</c> and base64): store it now, it is not shown again.</param>
/// <param name="PreviousSecretExpiresAt">Until when deliveries are also signed with the previous secret (UTC), so receivers can switch.</param>
public sealed record WebhookSecretRotated(string Secret, DateTime PreviousSecretExpiresAt);

/// <summary>A ping queued for delivery.</summary>
/// <param name="DeliveryId">The delivery to follow in the webhook's delivery log.</param>
public sealed record WebhookPingAccepted(long DeliveryId);

/// <summary>One event (or ping) to deliver to a webhook, and where its attempts stand.</summary>
/// <param name="Id">Delivery id.</param>
/// <param name="EventId">The change log event it delivers (see <c>/api/changes</c>); null for a ping.</param>
/// <param name="EventType">The event type, or <c>webhook.ping</c>.</param>
/// <param name="Status"><c>pending</c> (to be attempted), <c>succeeded</c> or <c>failed</c> (every attempt failed).</param>
/// <param name="Attempts">How many attempts were made.</param>
/// <param name="CreatedAt">When the delivery was created (UTC).</param>
/// <param name="LastAttemptAt">When the last attempt started (UTC).</param>
/// <param name="NextAttemptAt">When the next attempt is due (UTC); null when none is.</param>
/// <param name="LastResponseStatus">The HTTP status the last attempt got; null when it got none.</param>
/// <param name="LastDurationMs">How long the last attempt took, in milliseconds.</param>
/// <param name="LastError">Why the last attempt failed without a response (timeout, connection refused, …).</param>
public record WebhookDeliverySummary(
    long Id,
    long? EventId,
    string EventType,
    string Status,
    int Attempts,
    DateTime CreatedAt,
    DateTime? LastAttemptAt,
    DateTime? NextAttemptAt,
    int? LastResponseStatus,
    int? LastDurationMs,
    string? LastError);

/// <summary>A delivery with the exact body sent and every attempt.</summary>
public sealed record WebhookDeliveryDetail : WebhookDeliverySummary
{
    public WebhookDeliveryDetail(WebhookDeliverySummary summary, string body, IReadOnlyList<WebhookAttemptResponse> attemptLog)
        : base(summary) => (Body, AttemptLog) = (body, attemptLog);

    /// <summary>For deserializers, which then set every property.</summary>
    [JsonConstructor]
    private WebhookDeliveryDetail()
        : base(0, null, "", "", 0, default, null, null, null, null, null) => (Body, AttemptLog) = ("", []);

    /// <summary>The exact request body sent on every attempt.</summary>
    [JsonPropertyOrder(1)]
    public string Body { get; init; }

    /// <summary>The attempts, first first.</summary>
    [JsonPropertyOrder(1)]
    public IReadOnlyList<WebhookAttemptResponse> AttemptLog { get; init; }
}

/// <summary>One HTTP attempt of a delivery.</summary>
/// <param name="Number">1 for the first attempt, 2 for the second, …</param>
/// <param name="StartedAt">When it started (UTC).</param>
/// <param name="DurationMs">How long it took, in milliseconds.</param>
/// <param name="ResponseStatus">The HTTP status it got; null when it got no response.</param>
/// <param name="ResponseBody">The start of the response body (at most 4 KiB).</param>
/// <param name="Error">Why it failed without a response.</param>
public sealed record WebhookAttemptResponse(
    int Number, DateTime StartedAt, int DurationMs, int? ResponseStatus, string? ResponseBody, string? Error);

/// <summary>Query of a webhook's delivery log.</summary>
public sealed record DeliveryListQuery
{
    /// <summary>Only deliveries with this status: <c>pending</c>, <c>succeeded</c> or <c>failed</c>.</summary>
    [FromQuery(Name = "status")]
    [AllowedValues(DeliveryStatuses.Pending, DeliveryStatuses.Succeeded, DeliveryStatuses.Failed)]
    public string? Status { get; init; }
}
