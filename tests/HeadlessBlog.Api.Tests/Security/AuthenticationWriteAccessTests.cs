using System.Net;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Security;

public sealed class AuthenticationWriteAccessOnSqlite(SqliteApiFactory factory) : AuthenticationWriteAccessTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class AuthenticationWriteAccessOnSqlServer(SqlServerApiFactory factory) : AuthenticationWriteAccessTests<SqlServerApiFactory>(factory);

/// <summary>Writes need a valid key with content:write: without one, with a forged or malformed one, or with a read-only one, nothing changes.</summary>
public abstract class AuthenticationWriteAccessTests<TFactory>(TFactory factory) : AuthenticationTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Theory]
    [MemberData(nameof(SecurityTestData.WriteEndpoints), MemberType = typeof(SecurityTestData))]
    public async Task Write_WithoutKey_Answers401ProblemWithChallenge_AndChangesNothing(string endpoint)
    {
        var call = await PrepareAsync(endpoint);
        var before = await StateAsync(call);

        var response = await SendAsync(call, key: null, ifMatch: await IfMatchAsync(call));

        await ReadProblemAsync(response, HttpStatusCode.Unauthorized);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Contains(ApiKeys.HeaderName, challenge.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync(call));
    }

    [Theory]
    [MemberData(nameof(SecurityTestData.WriteEndpoints), MemberType = typeof(SecurityTestData))]
    public async Task Write_WithInvalidKey_Answers401Problem_AndChangesNothing(string endpoint)
    {
        var call = await PrepareAsync(endpoint);
        var before = await StateAsync(call);

        var response = await SendAsync(call, key: Tampered(Factory.WriteKey), ifMatch: await IfMatchAsync(call));

        await ReadProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
        Assert.Equal(before, await StateAsync(call));
    }

    [Theory]
    [MemberData(nameof(SecurityTestData.WriteEndpoints), MemberType = typeof(SecurityTestData))]
    public async Task Write_WithReadOnlyKey_Answers403Problem_AndChangesNothing(string endpoint)
    {
        var call = await PrepareAsync(endpoint);
        var before = await StateAsync(call);

        var response = await SendAsync(call, key: Factory.ReadKey, ifMatch: await IfMatchAsync(call));

        await ReadProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(before, await StateAsync(call));
    }

    [Theory]
    [MemberData(nameof(SecurityTestData.WriteEndpoints), MemberType = typeof(SecurityTestData))]
    public async Task Write_WithWriteKey_Succeeds(string endpoint)
    {
        var call = await PrepareAsync(endpoint);
        var before = await StateAsync(call);

        var response = await SendAsync(call, key: Factory.WriteKey, ifMatch: await IfMatchAsync(call));

        Assert.True(call.Success == response.StatusCode,
            $"Expected {(int)call.Success}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        Assert.NotEqual(before, await StateAsync(call));
    }

    [Theory]
    [MemberData(nameof(SecurityTestData.InvalidKeys), MemberType = typeof(SecurityTestData))]
    public async Task CreateTag_WithMalformedOrForgedKey_Answers401(string key)
    {
        EnsureAvailable();
        key = key switch
        {
            "{write key with one secret character changed}" => Tampered(Factory.WriteKey),
            "{write key under another prefix}" => "hb_" + new string('0', 16) + Factory.WriteKey[19..],
            "{write secret under the read key's prefix}" => Factory.ReadKey[..20] + Factory.WriteKey[20..],
            "{write key in upper case}" => Factory.WriteKey.ToUpperInvariant(),
            "{write key with extra text}" => Factory.WriteKey + " x",
            _ => key,
        };
        var call = await PrepareAsync(SecurityTestData.PostTag);

        var response = await SendAsync(call, key, ifMatch: null);

        await ReadProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("\"totalItems\":0", await StateAsync(call), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicRead_WithInvalidKey_Answers401InsteadOfIgnoringTheKey()
    {
        EnsureAvailable();
        var response = await GetWithKeyAsync("/api/tags", Tampered(Factory.WriteKey));

        await ReadProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    /// <summary>The key with the last character of its secret changed.</summary>
    private static string Tampered(string key) => key[..^1] + (key[^1] == 'A' ? 'B' : 'A');
}
