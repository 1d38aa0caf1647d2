using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.ErrorHandling;

public sealed class ErrorHandlingRequestBodyOnSqlite(SqliteApiFactory factory) : ErrorHandlingRequestBodyTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ErrorHandlingRequestBodyOnSqlServer(SqlServerApiFactory factory) : ErrorHandlingRequestBodyTests<SqlServerApiFactory>(factory);

/// <summary>Unreadable request bodies (malformed, empty, missing, not an object, wrong types, wrong content type) answer a 4xx problem.</summary>
public abstract class ErrorHandlingRequestBodyTests<TFactory>(TFactory factory) : ErrorHandlingTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Theory]
    [MemberData(nameof(ErrorHandlingTestData.MalformedBodies), MemberType = typeof(ErrorHandlingTestData))]
    public async Task MalformedJson_Returns400Problem(string endpoint, string body)
    {
        var (method, url) = await ResolveAsync(endpoint);

        var response = await SendJsonAsync(method, url, ToUtf8(body));

        await ReadProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(ErrorHandlingTestData.BodyEndpoints), MemberType = typeof(ErrorHandlingTestData))]
    public async Task EmptyBody_Returns400Problem(string endpoint)
    {
        var (method, url) = await ResolveAsync(endpoint);

        var response = await SendJsonAsync(method, url, []);

        await ReadProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(ErrorHandlingTestData.BodyEndpoints), MemberType = typeof(ErrorHandlingTestData))]
    public async Task NoBodyAtAll_Returns4xxProblem(string endpoint)
    {
        var (method, url) = await ResolveAsync(endpoint);
        using var request = new HttpRequestMessage(method, url);

        var response = await Client.SendAsync(request, Ct);

        Assert.InRange((int)response.StatusCode, 400, 499);
        await ReadProblemAsync(response, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(ErrorHandlingTestData.NonObjectBodies), MemberType = typeof(ErrorHandlingTestData))]
    public async Task BodyThatIsNotAnObject_Returns400Problem(string endpoint, string body)
    {
        var (method, url) = await ResolveAsync(endpoint);

        var response = await SendJsonAsync(method, url, ToUtf8(body));

        await ReadProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(ErrorHandlingTestData.WrongJsonTypes), MemberType = typeof(ErrorHandlingTestData))]
    public async Task WrongJsonType_Returns400NamingTheField(string endpoint, string body, string field)
    {
        var (method, url) = await ResolveAsync(endpoint);

        var response = await SendJsonAsync(method, url, ToUtf8(body));

        await AssertValidationErrorsAsync(response, field);
    }

    [Theory]
    [MemberData(nameof(ErrorHandlingTestData.WrongContentTypes), MemberType = typeof(ErrorHandlingTestData))]
    public async Task WrongContentType_Returns415Problem(string endpoint, string contentType)
    {
        var (method, url) = await ResolveAsync(endpoint);
        using var request = new HttpRequestMessage(method, url)
        {
            Content = new ByteArrayContent(ToUtf8(ValidBody(endpoint, await CreatePublishedArticleAsync()))),
        };
        if (contentType != "none")
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        var response = await Client.SendAsync(request, Ct);

        await ReadProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [MemberData(nameof(ErrorHandlingTestData.BodyEndpoints), MemberType = typeof(ErrorHandlingTestData))]
    public async Task JsonSuffixContentType_IsAcceptedAsJson(string endpoint)
    {
        var (method, url) = await ResolveAsync(endpoint);
        using var request = new HttpRequestMessage(method, url)
        {
            Content = new ByteArrayContent(ToUtf8(ValidBody(endpoint, await CreatePublishedArticleAsync()))),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");

        var response = await Client.SendAsync(request, Ct);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>The method and URL of an endpoint, with {tag} and {article} replaced by ids of new rows.</summary>
    private async Task<(HttpMethod Method, string Url)> ResolveAsync(string endpoint)
    {
        var parts = endpoint.Split(' ');
        var url = parts[1];
        if (url.Contains("{tag}", StringComparison.Ordinal))
        {
            url = url.Replace("{tag}", (await CreateTagAsync()).Id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        if (url.Contains("{article}", StringComparison.Ordinal))
        {
            url = url.Replace("{article}", (await CreatePublishedArticleAsync()).Id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return (new HttpMethod(parts[0]), url);
    }

    /// <summary>A body the endpoint accepts; <paramref name="other"/> is an article the related endpoints may link to.</summary>
    private static string ValidBody(string endpoint, ArticleResponse other) => endpoint switch
    {
        _ when endpoint.EndsWith("/related", StringComparison.Ordinal) && endpoint.StartsWith("PUT", StringComparison.Ordinal) =>
            $$"""{"articleIds":[{{other.Id}}]}""",
        _ when endpoint.EndsWith("/related", StringComparison.Ordinal) => $$"""{"articleId":{{other.Id}}}""",
        _ when endpoint.Contains("/api/tags", StringComparison.Ordinal) => $$"""{"name":"{{Unique("Valid ")}}"}""",
        _ => $$"""{"title":"{{Unique("Valid ")}}","body":"Body."}""",
    };

    private async Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string url, byte[] body)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return await Client.SendAsync(request, Ct);
    }
}
