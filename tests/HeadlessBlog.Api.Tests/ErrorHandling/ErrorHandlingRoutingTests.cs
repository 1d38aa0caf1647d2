using System.Net;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.ErrorHandling;

public sealed class ErrorHandlingRoutingOnSqlite(SqliteApiFactory factory) : ErrorHandlingRoutingTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ErrorHandlingRoutingOnSqlServer(SqlServerApiFactory factory) : ErrorHandlingRoutingTests<SqlServerApiFactory>(factory);

/// <summary>Unknown URLs answer a 404 problem, and known URLs with a wrong method a 405 problem with an Allow header.</summary>
public abstract class ErrorHandlingRoutingTests<TFactory>(TFactory factory) : ErrorHandlingTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Theory]
    [MemberData(nameof(ErrorHandlingTestData.UnknownUrls), MemberType = typeof(ErrorHandlingTestData))]
    public async Task UnknownUrl_Returns404Problem(string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);

        var response = await Client.SendAsync(request, Ct);

        var problem = await ReadProblemAsync(response, HttpStatusCode.NotFound);
        Assert.True(Uri.IsWellFormedUriString(problem.GetProperty("type").GetString(), UriKind.Absolute));
    }

    [Theory]
    [MemberData(nameof(ErrorHandlingTestData.WrongMethods), MemberType = typeof(ErrorHandlingTestData))]
    public async Task WrongMethod_Returns405ProblemWithAllowHeader(string method, string url, string allowed)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);

        var response = await Client.SendAsync(request, Ct);

        var problem = await ReadProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Contains(method, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var allow = response.Content.Headers.Allow.Concat(
            response.Headers.TryGetValues("Allow", out var values) ? values : []);
        Assert.Equal(allowed, string.Join(',', allow.SelectMany(a => a.Split(',')).Select(a => a.Trim()).Distinct().Order(StringComparer.Ordinal)));
    }
}
