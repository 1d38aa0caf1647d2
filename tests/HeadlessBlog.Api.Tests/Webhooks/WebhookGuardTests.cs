using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Webhooks;

public sealed class WebhookGuardOnSqlite(GuardedWebhookSqliteFactory factory) : WebhookGuardTests<GuardedWebhookSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class WebhookGuardOnSqlServer(GuardedWebhookSqlServerFactory factory) : WebhookGuardTests<GuardedWebhookSqlServerFactory>(factory);

/// <summary>
/// In Production (private networks not allowed) a webhook may only call public addresses: a URL whose host is or
/// resolves to a loopback, private, link-local or metadata address is refused when registered or replaced.
/// </summary>
public abstract class WebhookGuardTests<TFactory>(TFactory factory) : WebhookTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Theory]
    [InlineData("http://127.0.0.1:3000/api/revalidate")]
    [InlineData("http://10.0.0.5/hook")]
    [InlineData("http://192.168.1.10/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://localhost:3000/api/revalidate")]
    [InlineData("http://" + FakeDns.Loopback + "/hook")]
    [InlineData("https://does-not-resolve.test/hook")]
    public async Task Create_WithAUrlThatReachesAPrivateNetwork_Returns400NamingUrl(string url)
    {
        var response = await Manager.PostAsJsonAsync("/api/webhooks", new { url }, Ct);

        await AssertValidationErrorsAsync(response, "url");
    }

    [Fact]
    public async Task Create_WithAPublicName_Returns201()
    {
        var response = await Manager.PostAsJsonAsync("/api/webhooks", new { url = $"https://{FakeDns.Public}/hook" }, Ct);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Update_ToALoopbackUrl_Returns400NamingUrl()
    {
        var created = await CreateWebhookAsync(new { url = $"https://{FakeDns.Public}/hook" });
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/webhooks/{created.Id}")
        {
            Content = JsonContent.Create(new { url = $"http://{FakeDns.Loopback}:8080/hook" }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{created.Version}\"");

        await AssertValidationErrorsAsync(await Manager.SendAsync(request, Ct), "url");
    }
}
