using System.Net;
using System.Text;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Tests.Security;

public sealed class AuthenticationKeyLifecycleOnSqlite(SqliteApiFactory factory) : AuthenticationKeyLifecycleTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class AuthenticationKeyLifecycleOnSqlServer(SqlServerApiFactory factory) : AuthenticationKeyLifecycleTests<SqlServerApiFactory>(factory);

/// <summary>API keys over their life: revoked at once, last use recorded, stored only as hashes, and random enough.</summary>
public abstract class AuthenticationKeyLifecycleTests<TFactory>(TFactory factory) : AuthenticationTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task RevokedKey_StopsWorkingAtOnce()
    {
        var (id, key) = await CreateKeyAsync(Unique("Revoked "), Scopes.Write);
        var draft = await CreateNonPublicAsync("draft");
        Assert.Equal(HttpStatusCode.OK, (await GetWithKeyAsync($"/api/articles/{draft.Id}", key)).StatusCode);

        await RevokeAsync(id);
        var read = await GetWithKeyAsync($"/api/articles/{draft.Id}", key);
        var call = await PrepareAsync(SecurityTestData.PostTag);
        var write = await SendAsync(call, key, ifMatch: null);

        await ReadProblemAsync(read, HttpStatusCode.Unauthorized);
        await ReadProblemAsync(write, HttpStatusCode.Unauthorized);
        Assert.Contains("\"totalItems\":0", await StateAsync(call), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsingAKey_RecordsLastUsedAt()
    {
        var (id, key) = await CreateKeyAsync(Unique("Used "), Scopes.Read);
        Assert.Null((await ReadKeyRowAsync(id)).LastUsedAt);
        var before = Factory.Clock.GetUtcNow().UtcDateTime;

        var response = await GetWithKeyAsync("/api/articles?status=draft", key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = Factory.Clock.GetUtcNow().UtcDateTime;
        var lastUsed = (await ReadKeyRowAsync(id)).LastUsedAt;
        Assert.NotNull(lastUsed);
        Assert.InRange(lastUsed.Value, before, after);
    }

    [Fact]
    public async Task UnusedKey_HasNoLastUsedAt_AndAnotherKeysUseDoesNotSetIt()
    {
        var (id, _) = await CreateKeyAsync(Unique("Idle "), Scopes.Read);

        Assert.Equal(HttpStatusCode.OK, (await GetWithKeyAsync("/api/articles?status=draft", Factory.ReadKey)).StatusCode);

        Assert.Null((await ReadKeyRowAsync(id)).LastUsedAt);
    }

    [Fact]
    public async Task KeysAreStoredOnlyAsHashes_ThePlainKeyAppearsNowhereInTheTable()
    {
        var (id, key) = await CreateKeyAsync(Unique("Hashed "), Scopes.Write);
        var secret = SecretOf(key);
        var secretBytes = Base64UrlDecode(secret);
        await GetWithKeyAsync("/api/tags", key);

        var cells = await WithDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(Ct);
            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT * FROM ApiKeys";
                await using var reader = await command.ExecuteReaderAsync(Ct);
                var values = new List<object>();
                while (await reader.ReadAsync(Ct))
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        values.Add(reader.GetValue(i));
                    }
                }

                return values;
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });

        Assert.NotEmpty(cells);
        foreach (var cell in cells)
        {
            if (cell is byte[] bytes)
            {
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(secret)), "A binary column holds the secret's text.");
                Assert.False(Contains(bytes, secretBytes), "A binary column holds the secret's raw bytes.");
                Assert.DoesNotContain(secret, Convert.ToBase64String(bytes), StringComparison.Ordinal);
            }
            else
            {
                var text = Convert.ToString(cell, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(key, text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(Convert.ToHexString(secretBytes), text, StringComparison.OrdinalIgnoreCase);
            }
        }

        var row = await ReadKeyRowAsync(id);
        Assert.Equal(32, row.SecretHash.Length);
    }

    [Fact]
    public async Task NewKeys_Carry256BitsOfRandomness_AndDiffer()
    {
        var first = await CreateKeyWithCliAsync(Unique("Ada "), Scopes.Write);
        var second = await CreateKeyWithCliAsync(Unique("Ada "), Scopes.Write);
        var many = Enumerable.Range(0, 500).Select(_ => ApiKeys.Create("x", [Scopes.Read], DateTime.UtcNow).Key).ToList();

        foreach (var key in (string[])[first.Key, second.Key, .. many])
        {
            var secret = SecretOf(key);
            Assert.Matches("^[A-Za-z0-9_-]{43,}$", secret);
            Assert.True(Base64UrlDecode(secret).Length >= 32, $"The secret of {key} holds fewer than 256 bits.");
        }

        Assert.NotEqual(first.Key, second.Key);
        Assert.NotEqual(SecretOf(first.Key), SecretOf(second.Key));
        Assert.Equal(many.Count, many.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(many.Count, many.Select(k => k[..19]).Distinct(StringComparer.Ordinal).Count());
    }

    private static byte[] Base64UrlDecode(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }

    private static bool Contains(byte[] haystack, byte[] needle) =>
        needle.Length > 0 && haystack.AsSpan().IndexOf(needle) >= 0;
}
