using HeadlessBlog.Api.Webhooks;

namespace HeadlessBlog.Api.Tests.Webhooks;

/// <summary>The signature is Standard Webhooks' own: the spec's reference libraries give the same for the same input.</summary>
public sealed class WebhookSignatureTests
{
    [Fact]
    public void Signature_OfTheStandardWebhooksTestVector_IsTheOneItsReferenceLibrariesGive()
    {
        var target = new WebhookTarget("http://unused", WebhookFormats.Standard, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", null, null);

        var signature = WebhookSender.Signatures(
            target, "msg_p5jXN8AQM9LWM0D4loKWxJek", DateTimeOffset.FromUnixTimeSeconds(1614265330), """{"test": 2432232314}""");

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void Signatures_DuringARotation_AreOnePerSecretNewestFirst_AndOnlyTheCurrentOneAfterIt()
    {
        var rotatedUntil = new DateTime(2026, 12, 8, 12, 0, 0, DateTimeKind.Utc);
        var target = new WebhookTarget(
            "http://unused", WebhookFormats.Standard, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "whsec_" + Convert.ToBase64String(new byte[32]), rotatedUntil);
        var before = new DateTimeOffset(rotatedUntil.AddHours(-1));

        var during = WebhookSender.Signatures(target, "msg_1", before, "{}").Split(' ');
        var after = WebhookSender.Signatures(target, "msg_1", before.AddHours(2), "{}").Split(' ');

        Assert.Equal(2, during.Length);
        Assert.Equal(WebhookSender.Signatures(target with { PreviousSecret = null }, "msg_1", before, "{}"), during[0]);
        Assert.NotEqual(during[0], during[1]);
        Assert.Single(after);
    }
}
