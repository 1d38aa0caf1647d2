using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Audit;

public sealed class AuditQueryOnSqlite(SqliteApiFactory factory) : AuditQueryTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class AuditQueryOnSqlServer(SqlServerApiFactory factory) : AuditQueryTests<SqlServerApiFactory>(factory);

/// <summary>Reading the audit log: each filter narrows it, pages are newest first, bad input is a 400, and only audit:read reads it.</summary>
public abstract class AuditQueryTests<TFactory>(TFactory factory) : AuditTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    private sealed record Writes(int Ada, int Bob, int First, int Second, int Tag, DateTimeOffset Before, DateTimeOffset Between, DateTimeOffset After);

    /// <summary>Ada creates an article and a tag, two days pass, Ada edits the article and Bob creates another.</summary>
    private async Task<Writes> WriteAsync()
    {
        var ada = await CreateKeyWithCliAsync(Unique("Ada "), Scopes.Write);
        var bob = await CreateKeyWithCliAsync(Unique("Bob "), Scopes.Write);
        using var adaClient = Factory.CreateKeyClient(ada.Key);
        using var bobClient = Factory.CreateKeyClient(bob.Key);
        var before = Factory.Clock.GetUtcNow();
        var first = await CreateAsync(adaClient, "/api/articles", new { title = Unique("First "), body = "One." });
        var tag = await CreateAsync(adaClient, "/api/tags", new { name = Unique("Tag ") });
        Factory.Clock.Advance(TimeSpan.FromDays(2));
        var between = Factory.Clock.GetUtcNow();
        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var edit = await adaClient.PutAsJsonAsync($"/api/articles/{first}", new { title = Unique("Edited "), body = "One." }, Ct);
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var second = await CreateAsync(bobClient, "/api/articles", new { title = Unique("Second "), body = "Two." });
        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        return new(ada.Id, bob.Id, first, second, tag, before, between, Factory.Clock.GetUtcNow());
    }

    private static async Task<int> CreateAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<CreatedId>(Ct))!.Id;
    }

    private sealed record CreatedId(int Id);

    [Fact]
    public async Task EachFilter_NarrowsTheLog()
    {
        var w = await WriteAsync();

        var byAda = (await AuditAsync($"actor={w.Ada}&pageSize=100")).Items;
        Assert.Equal(
            [("article", w.First, "article.updated"), ("tag", w.Tag, "tag.created"), ("article", w.First, "article.created")],
            byAda.Select(e => (e.Entity, e.EntityId, e.Type)));
        Assert.Equal([("article", w.Second, "article.created")], (await AuditAsync($"actor={w.Bob}")).Items.Select(e => (e.Entity, e.EntityId, e.Type)));
        Assert.Equal(["tag.created"], await TypesAsync($"actor={w.Ada}&entity=tag"));
        Assert.Equal(["article.updated", "article.created"], await TypesAsync($"entity=article&entityId={w.First}"));
        Assert.Equal([w.First], (await AuditAsync($"actor={w.Ada}&type=article.updated")).Items.Select(e => e.EntityId));
        Assert.Equal(["tag.created", "article.created"], await TypesAsync($"actor={w.Ada}&from={Instant(w.Before)}&to={Instant(w.Between)}"));
        Assert.Equal(["article.updated"], await TypesAsync($"actor={w.Ada}&from={Instant(w.Between)}&to={Instant(w.After)}"));
        Assert.Empty((await AuditAsync($"actor={w.Ada}&from={Instant(w.After)}")).Items);
        // A date is a whole day (UTC): the edit two days later is outside the day of the first writes.
        var day = w.Before.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(["tag.created", "article.created"], await TypesAsync($"actor={w.Ada}&from={day}&to={day}"));
    }

    [Fact]
    public async Task Pages_AreNewestFirst_InTheSharedListShape()
    {
        var w = await WriteAsync();

        var second = await AuditAsync($"actor={w.Ada}&pageSize=2&page=2");
        var first = await AuditAsync($"actor={w.Ada}&pageSize=2");

        Assert.Equal((2, 2, 3, 2), (second.Page, second.PageSize, second.TotalItems, second.TotalPages));
        Assert.Equal(["article.created"], second.Items.Select(e => e.Type));
        Assert.Equal(["article.updated", "tag.created"], first.Items.Select(e => e.Type));
        Assert.True(first.Items[0].OccurredAt > first.Items[1].OccurredAt);
        Assert.True(first.Items[1].Id > second.Items[0].Id);
    }

    [Fact]
    public async Task BadFilters_Return400_NamingEveryBadField()
    {
        var response = await Auditor.GetAsync(
            "/api/audit?entity=page&type=article.frobbed&from=yesterday&to=2026-13-01&entityId=0&page=0&pageSize=101", Ct);

        await AssertValidationErrorsAsync(response, "entity", "type", "from", "to", "entityId", "page", "pageSize");
    }

    [Theory]
    [InlineData("from=2026-02-01&to=2026-01-31", "from")]
    [InlineData("from=2026-01-31T12:00:00Z&to=2026-01-31T11:59:59Z", "from")]
    [InlineData("from=2026-01-31T12:00:00", "from")]
    [InlineData("to=2026-01-31T25:00:00Z", "to")]
    [InlineData("to=31/01/2026", "to")]
    [InlineData("actor=abc", "actor")]
    [InlineData("actor=-1", "actor")]
    [InlineData("entityId=99999999999", "entityId")]
    [InlineData("entity=Article", "entity")]
    public async Task BadFilter_Returns400_NamingIt(string query, string field)
    {
        var response = await Auditor.GetAsync("/api/audit?" + query, Ct);

        await AssertValidationErrorsAsync(response, field);
    }

    [Fact]
    public async Task OnlyAKeyWithAuditRead_ReadsTheLog_NoOtherScopeImpliesIt()
    {
        var everythingElse = await CreateKeyWithCliAsync(Unique("All but audit "), Scopes.Read, Scopes.Write, Scopes.ManageWebhooks);
        var auditor = await CreateKeyWithCliAsync(Unique("Auditor "), Scopes.ReadAudit);

        foreach (var scope in new[] { Scopes.Read, Scopes.Write, Scopes.ManageWebhooks })
        {
            var key = await CreateKeyWithCliAsync(Unique("Without audit "), scope);
            var problem = await ReadProblemAsync(await SendWithKeyAsync(HttpMethod.Get, "/api/audit", key.Key), HttpStatusCode.Forbidden);
            Assert.Contains(Scopes.ReadAudit, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        await ReadProblemAsync(await SendWithKeyAsync(HttpMethod.Get, "/api/audit", everythingElse.Key), HttpStatusCode.Forbidden);
        await ReadProblemAsync(await SendWithKeyAsync(HttpMethod.Get, "/api/audit", null), HttpStatusCode.Unauthorized);
        var allowed = await SendWithKeyAsync(HttpMethod.Get, "/api/audit", auditor.Key);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("no-store", allowed.Headers.CacheControl?.ToString());
    }
}
