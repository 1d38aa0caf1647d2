using System.Security.Cryptography;

namespace HeadlessBlog.Api.Webhooks;

/// <summary>Signing secrets of webhooks (Standard Webhooks).</summary>
public static class WebhookSecrets
{
    public const string Prefix = "whsec_";

    /// <summary>How long deliveries are also signed with the previous secret after a rotation.</summary>
    public static readonly TimeSpan PreviousSecretLifetime = TimeSpan.FromHours(24);

    /// <summary>A new secret: <c>whsec_</c> and the base64 of 32 random bytes.</summary>
    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
