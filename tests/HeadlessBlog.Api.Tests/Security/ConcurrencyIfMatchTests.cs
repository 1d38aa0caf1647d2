using System.Net;
using System.Text.Json.Nodes;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Security;

public sealed class ConcurrencyIfMatchOnSqlite(RaceSqliteFactory factory) : ConcurrencyIfMatchTests<RaceSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ConcurrencyIfMatchOnSqlServer(RaceSqlServerFactory factory) : ConcurrencyIfMatchTests<RaceSqlServerFactory>(factory);

/// <summary>If-Match is required and checked on every change: missing (428), stale (412), current (success), and stale by the time of the save.</summary>
public abstract class ConcurrencyIfMatchTests<TFactory>(TFactory factory) : ConcurrencyTestBase<TFactory>(factory)
    where TFactory : ApiFactory, IRaceFactory
{
    [Theory]
    [MemberData(nameof(SecurityTestData.ChangeEndpoints), MemberType = typeof(SecurityTestData))]
    public async Task Change_WithoutIfMatch_Answers428Problem_AndChangesNothing(string endpoint)
    {
        var call = await PrepareAsync(endpoint);
        var before = await StateAsync(call);

        var response = await SendAsync(call, key: null, ifMatch: null, client: NoIfMatch);

        Assert.Equal((HttpStatusCode)428, response.StatusCode);
        Assert.Equal(before, await StateAsync(call));
        await ReadProblemAsync(response, (HttpStatusCode)428);
    }

    [Theory]
    [MemberData(nameof(SecurityTestData.ChangeEndpoints), MemberType = typeof(SecurityTestData))]
    public async Task Change_WithStaleIfMatch_Answers412ProblemWithCurrentVersion_AndChangesNothing(string endpoint)
    {
        var call = await PrepareAsync(endpoint);
        var stale = await IfMatchAsync(call);
        var edit = await EditAsync(call.ResourceUrl!, " (edited)");
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var before = await StateAsync(call);
        var current = await VersionAsync(call.ResourceUrl!);

        var response = await SendAsync(call, key: null, ifMatch: stale, client: NoIfMatch);

        var problem = await ReadProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(current, problem.GetProperty("currentVersion").GetString());
        Assert.Equal(before, await StateAsync(call));
    }

    [Theory]
    [MemberData(nameof(ConcurrencyTestData.ChangeEndpointsAndETagForms), MemberType = typeof(ConcurrencyTestData))]
    public async Task Change_WithCurrentETag_Succeeds(string endpoint, string form)
    {
        var call = await PrepareAsync(endpoint);
        var ifMatch = form == ConcurrencyTestData.GetETag
            ? await IfMatchAsync(call)
            : $"\"{await VersionAsync(call.ResourceUrl!)}\"";

        var response = await SendAsync(call, key: null, ifMatch: ifMatch, client: NoIfMatch);

        Assert.True(call.Success == response.StatusCode,
            $"Expected {(int)call.Success}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
    }

    [Theory]
    [MemberData(nameof(SecurityTestData.ChangeEndpoints), MemberType = typeof(SecurityTestData))]
    public async Task Change_WhenAnotherEditorSavesBetweenItsCheckAndItsSave_Answers412AndKeepsTheirChange(string endpoint)
    {
        var call = await PrepareAsync(endpoint);
        var ifMatch = await IfMatchAsync(call);
        var resource = call.ResourceUrl!;
        var id = int.Parse(resource[(resource.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var relatedBefore = resource.StartsWith("/api/articles/", StringComparison.Ordinal) ? await RelatedIdsAsync(resource) : [];
        HttpResponseMessage? other = null;
        Factory.Race.Arm(
            endpoint switch
            {
                SecurityTestData.PutTag => Race.SavingTag(id),
                SecurityTestData.DeleteTag => Race.DeletingTag(),
                SecurityTestData.DeleteArticle => Race.DeletingArticle(),
                _ => Race.SavingArticle(id),
            },
            async () => other = await EditAsync(resource, " (other editor)"));

        HttpResponseMessage response;
        try
        {
            response = await SendAsync(call, key: null, ifMatch: ifMatch, client: NoIfMatch);
        }
        finally
        {
            Factory.Race.Disarm();
        }

        Assert.True(Factory.Race.Fired, "The other editor's request never ran: the race point was not reached.");
        Assert.Null(Factory.Race.Failure);
        Assert.Equal(HttpStatusCode.OK, other!.StatusCode);
        var problem = await ReadProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(await VersionAsync(resource), problem.GetProperty("currentVersion").GetString());
        var stored = JsonNode.Parse(await (await Editor.GetAsync(resource, Ct)).Content.ReadAsStringAsync(Ct))!;
        var label = (stored["title"] ?? stored["name"])!.GetValue<string>();
        Assert.EndsWith(" (other editor)", label, StringComparison.Ordinal);
        if (resource.StartsWith("/api/articles/", StringComparison.Ordinal))
        {
            Assert.Equal(relatedBefore, await RelatedIdsAsync(resource));
        }
    }
}
