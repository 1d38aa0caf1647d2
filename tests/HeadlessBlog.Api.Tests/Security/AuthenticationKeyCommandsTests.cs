using System.Net;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Tests.Security;

public sealed class AuthenticationKeyCommandsOnSqlite(SqliteApiFactory factory) : AuthenticationKeyCommandsTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class AuthenticationKeyCommandsOnSqlServer(SqlServerApiFactory factory) : AuthenticationKeyCommandsTests<SqlServerApiFactory>(factory);

/// <summary>The <c>keys</c> command: creates, lists and revokes keys, and refuses bad arguments with exit code 2.</summary>
public abstract class AuthenticationKeyCommandsTests<TFactory>(TFactory factory) : AuthenticationTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task KeysCreate_PrintsTheKeyOnce_AndThatKeyWorksForWrites()
    {
        var name = Unique("Ada ");

        var (exit, output, error) = await RunKeysAsync("keys", "create", "--name", name, "--scope", Scopes.Write);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        var key = Assert.Single(KeyPattern().Matches(output)).Value;
        var call = await PrepareAsync(SecurityTestData.PostTag);
        var response = await SendAsync(call, key, ifMatch: null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task KeysCreate_WithReadScope_GivesAKeyThatReadsDraftsButCannotWrite()
    {
        var created = await CreateKeyWithCliAsync(Unique("Reader "), Scopes.Read);
        var draft = await CreateNonPublicAsync("draft");

        var read = await GetWithKeyAsync($"/api/articles/{draft.Id}", created.Key);
        var write = await SendAsync(await PrepareAsync(SecurityTestData.PostTag), created.Key, ifMatch: null);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        await ReadProblemAsync(write, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task KeysCreate_WithWebhookScope_GivesAKeyThatManagesWebhooksButCannotWrite()
    {
        var created = await CreateKeyWithCliAsync(Unique("Hooks "), Scopes.ManageWebhooks);

        var webhooks = await GetWithKeyAsync("/api/webhooks", created.Key);
        var write = await SendAsync(await PrepareAsync(SecurityTestData.PostTag), created.Key, ifMatch: null);

        Assert.Equal(HttpStatusCode.OK, webhooks.StatusCode);
        await ReadProblemAsync(write, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task KeysList_ShowsTheKeyWithoutItsSecret()
    {
        var name = Unique("Listed ");
        var created = await CreateKeyWithCliAsync(name, Scopes.Write);
        var secret = SecretOf(created.Key);

        var (exit, output, error) = await RunKeysAsync("keys", "list");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        var line = Assert.Single(output.Split('\n'), l => l.Contains(name, StringComparison.Ordinal));
        Assert.StartsWith($"{created.Id}\t{name}\t{Scopes.Write}\t", line, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Key, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysRevoke_TheKeyThenGets401()
    {
        var name = Unique("Revoke me ");
        var created = await CreateKeyWithCliAsync(name, Scopes.Write);
        Assert.Equal(HttpStatusCode.OK, (await GetWithKeyAsync("/api/articles?status=draft", created.Key)).StatusCode);

        var (exit, output, error) = await RunKeysAsync("keys", "revoke", created.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains(name, output, StringComparison.Ordinal);
        await ReadProblemAsync(await GetWithKeyAsync("/api/articles?status=draft", created.Key), HttpStatusCode.Unauthorized);
        await ReadProblemAsync(await SendAsync(await PrepareAsync(SecurityTestData.PostTag), created.Key, null), HttpStatusCode.Unauthorized);
        Assert.NotNull((await ReadKeyRowAsync(created.Id)).RevokedAt);
        var (_, list, _) = await RunKeysAsync("keys", "list");
        var line = Assert.Single(list.Split('\n'), l => l.Contains(name, StringComparison.Ordinal));
        Assert.False(line.TrimEnd().EndsWith("\t-", StringComparison.Ordinal), "keys list does not show the revocation: " + line);
    }

    [Fact]
    public async Task KeysRevoke_OfAnUnknownId_FailsWithoutChangingAnything()
    {
        var (exit, output, error) = await RunKeysAsync("keys", "revoke", int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.NotEqual(0, exit);
        Assert.Equal("", output);
        Assert.NotEqual("", error);
    }

    [Theory]
    [MemberData(nameof(SecurityTestData.BadKeyCommands), MemberType = typeof(SecurityTestData))]
    public async Task Keys_WithBadArguments_Exits2WithUsage_AndCreatesNoKey(string[] args)
    {
        var before = await WithDbAsync(db => db.ApiKeys.CountAsync(Ct));

        var (exit, output, error) = await RunKeysAsync(args);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.NotEqual("", error.Trim());
        Assert.Equal(before, await WithDbAsync(db => db.ApiKeys.CountAsync(Ct)));
    }
}
