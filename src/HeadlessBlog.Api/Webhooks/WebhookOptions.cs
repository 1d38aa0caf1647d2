namespace HeadlessBlog.Api.Webhooks;

/// <summary>Webhook settings (section <c>Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>How long an attempt may take, connecting included, before it counts as failed.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// The waits before the 2nd, 3rd, … attempt, after each failure (seconds): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h,
    /// the schedule of Svix and Resend — 8 attempts over about 27.6 hours, then the delivery is failed.
    /// </summary>
    public double[] RetrySeconds { get; set; } = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000];

    /// <summary>An endpoint whose every attempt has failed for this long is disabled, with the reason.</summary>
    public double DisableAfterDays { get; set; } = 5;

    /// <summary>
    /// Whether endpoints may be on loopback, private, link-local, unique-local or multicast addresses. Unset: only in
    /// Development (so that local receivers work); elsewhere such URLs are refused at registration and at connect time.
    /// </summary>
    public bool? AllowPrivateNetworks { get; set; }

    /// <summary>How often each instance looks for deliveries to create and to attempt (writes on this instance wake it at once).</summary>
    public double PollSeconds { get; set; } = 1;

    /// <summary>Whether this instance delivers webhooks (tests run the dispatcher's rounds themselves).</summary>
    public bool RunWorker { get; set; } = true;
}

/// <summary>The statuses of a delivery.</summary>
public static class DeliveryStatuses
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public static readonly string[] All = [Pending, Succeeded, Failed];
}

/// <summary>The formats of a webhook's requests.</summary>
public static class WebhookFormats
{
    /// <summary>A Standard Webhooks JSON body.</summary>
    public const string Standard = "standard";

    /// <summary>An empty POST (signed all the same), for build hooks of Vercel, Netlify and the like.</summary>
    public const string Empty = "empty";

    public static readonly string[] All = [Standard, Empty];
}
