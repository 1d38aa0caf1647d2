namespace HeadlessBlog.Data;

/// <summary>
/// An endpoint that receives the change log's events as signed HTTP POSTs (Standard Webhooks): those after its
/// <see cref="WebhookCursor.Position"/>; a delivery row per event is its durable record.
/// </summary>
public sealed class Webhook : IVersioned
{
    public int Id { get; set; }
    public required string Url { get; set; }
    public string? Description { get; set; }

    /// <summary>Space-separated event types or patterns (<c>article.*</c>, <c>*</c>).</summary>
    public required string Events { get; set; }

    /// <summary><c>standard</c> (a JSON body) or <c>empty</c> (an empty POST, for build hooks).</summary>
    public required string Format { get; set; }

    /// <summary>Only events that change what anonymous readers can see.</summary>
    public bool PublicOnly { get; set; }

    public bool Enabled { get; set; }
    public string? DisabledReason { get; set; }

    /// <summary>The secret deliveries are signed with (<c>whsec_…</c>).</summary>
    public required string Secret { get; set; }

    /// <summary>The secret before the last rotation: deliveries are signed with it too until <see cref="PreviousSecretUntil"/>.</summary>
    public string? PreviousSecret { get; set; }

    public DateTime? PreviousSecretUntil { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public byte[] Version { get; set; } = [];

    /// <summary>Where the dispatcher stands with this endpoint.</summary>
    public WebhookCursor? Cursor { get; set; }
}

/// <summary>
/// The dispatcher's bookkeeping of an endpoint, in a row of its own: updating it never changes the endpoint's version
/// (on SQL Server a rowversion changes with any update of its row), so that editors' If-Match stays valid.
/// </summary>
public sealed class WebhookCursor
{
    public int WebhookId { get; set; }

    /// <summary>The id of the last event whose delivery to the endpoint was created (at first, the log's head).</summary>
    public long Position { get; set; }

    /// <summary>Since when every attempt to the endpoint has failed (null after any success, or when it is enabled again).</summary>
    public DateTime? FailingSince { get; set; }
}

/// <summary>One event (or ping) to deliver to one endpoint, with its exact body and where its attempts stand.</summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }
    public int WebhookId { get; set; }

    /// <summary>The event of the change log it delivers; null for a ping. Unique per endpoint.</summary>
    public long? ChangeId { get; set; }

    /// <summary>The <c>webhook-id</c> header: the same on every attempt, so that receivers can de-duplicate.</summary>
    public required string MessageId { get; set; }

    public required string EventType { get; set; }
    public required string Body { get; set; }

    /// <summary><c>pending</c>, <c>succeeded</c> or <c>failed</c>.</summary>
    public required string Status { get; set; }

    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? NextAttemptAt { get; set; }

    /// <summary>Until when an instance holds the delivery to make an attempt; no other instance takes it meanwhile.</summary>
    public DateTime? LeasedUntil { get; set; }

    /// <summary>The claim that holds the lease: an instance claims several deliveries in one update, then reads which are its own.</summary>
    public string? LeasedBy { get; set; }

    public DateTime? LastAttemptAt { get; set; }
    public int? LastResponseStatus { get; set; }
    public int? LastDurationMs { get; set; }
    public string? LastError { get; set; }
}

/// <summary>One HTTP attempt of a delivery.</summary>
public sealed class WebhookAttempt
{
    public long Id { get; set; }
    public long DeliveryId { get; set; }
    public int Number { get; set; }
    public DateTime StartedAt { get; set; }
    public int DurationMs { get; set; }
    public int? ResponseStatus { get; set; }

    /// <summary>The start of the response body (at most 4 KiB).</summary>
    public string? ResponseBody { get; set; }

    public string? Error { get; set; }
}
