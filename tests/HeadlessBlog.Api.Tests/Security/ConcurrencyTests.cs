using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Security;

public sealed class ConcurrencyOnSqlite(RaceSqliteFactory factory) : ConcurrencyTests<RaceSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ConcurrencyOnSqlServer(RaceSqlServerFactory factory) : ConcurrencyTests<RaceSqlServerFactory>(factory);

/// <summary>A host whose database work can be interleaved with another editor's request at a chosen moment.</summary>
public interface IRaceFactory
{
    Race Race { get; }
}

public class RaceSqliteFactory : SqliteApiFactory, IRaceFactory
{
    public Race Race { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(Race.Register);
    }
}

public class RaceSqlServerFactory(SqlServerContainer container) : SqlServerApiFactory(container), IRaceFactory
{
    public Race Race { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(Race.Register);
    }
}

/// <summary>Where a request's database work is paused for the race: at SaveChanges, at BEGIN, or before a command outside any transaction.</summary>
public sealed record RacePoint(DbContext Context, string Stage, DbCommand? Command)
{
    public const string Saving = "saving";
    public const string TransactionStarting = "transaction";
    public const string BeforeCommand = "command";
}

/// <summary>
/// Makes a real race deterministic: when a request of the API reaches the armed point (before it takes any lock),
/// the action runs to completion first (typically another editor's HTTP request), then the request goes on.
/// Nothing is mocked: both requests run against the real database.
/// </summary>
public sealed partial class Race
{
    private sealed record Armed(Func<RacePoint, bool> When, Func<Task> Action);

    private Armed? _armed;
    private int _fired;

    public bool Fired => Volatile.Read(ref _fired) == 1;

    public Exception? Failure { get; private set; }

    public void Arm(Func<RacePoint, bool> when, Func<Task> action)
    {
        Volatile.Write(ref _fired, 0);
        Failure = null;
        Volatile.Write(ref _armed, new Armed(when, action));
    }

    public void Disarm()
    {
        Volatile.Write(ref _armed, null);
        Volatile.Read(ref _barrier)?.Gate.TrySetResult();
        Volatile.Write(ref _barrier, null);
    }

    private sealed class Meeting(Func<RacePoint, bool> when, int parties)
    {
        public Func<RacePoint, bool> When => when;

        public int Parties => parties;

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Arrived;
    }

    private Meeting? _barrier;

    /// <summary>How many requests met at the barrier armed last.</summary>
    public int Met { get; private set; }

    /// <summary>
    /// Holds every request reaching <paramref name="when"/> until <paramref name="parties"/> of them are there, then lets
    /// them all go at once: the worst interleaving, every request having read the same version before any saves.
    /// (A safety timeout releases them should fewer arrive, so that a broken API fails the test instead of hanging it.)
    /// </summary>
    public void ArmBarrier(Func<RacePoint, bool> when, int parties)
    {
        Met = 0;
        Volatile.Write(ref _barrier, new Meeting(when, parties));
    }

    private async Task MeetAsync(RacePoint point)
    {
        var meeting = Volatile.Read(ref _barrier);
        if (meeting is null || !meeting.When(point))
        {
            return;
        }

        var arrived = Interlocked.Increment(ref meeting.Arrived);
        Met = Math.Max(Met, arrived);
        if (arrived >= meeting.Parties)
        {
            meeting.Gate.TrySetResult();
        }

        try
        {
            await meeting.Gate.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            // Fewer requests arrived than expected; the test's assertion on Met reports it.
        }
    }

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<IInterceptor>(new OnSave(this));
        services.AddSingleton<IInterceptor>(new OnTransaction(this));
        services.AddSingleton<IInterceptor>(new OnCommand(this));
    }

    /// <summary>SaveChanges of a request that modifies article <paramref name="id"/>.</summary>
    public static Func<RacePoint, bool> SavingArticle(int id) => p =>
        p.Stage == RacePoint.Saving
        && p.Context.ChangeTracker.Entries<Article>().Any(e => e.Entity.Id == id && e.State == EntityState.Modified);

    /// <summary>SaveChanges of a request that modifies tag <paramref name="id"/>.</summary>
    public static Func<RacePoint, bool> SavingTag(int id) => p =>
        p.Stage == RacePoint.Saving
        && p.Context.ChangeTracker.Entries<Tag>().Any(e => e.Entity.Id == id && e.State == EntityState.Modified);

    /// <summary>SaveChanges of a request that creates a tag named <paramref name="name"/>.</summary>
    public static Func<RacePoint, bool> AddingTag(string name)
    {
        var normalized = name.ToUpperInvariant();
        return p => p.Stage == RacePoint.Saving
            && p.Context.ChangeTracker.Entries<Tag>().Any(e => e.State == EntityState.Added && e.Entity.NormalizedName == normalized);
    }

    /// <summary>An explicit transaction begun by a request that tracks nothing (the article DELETE).</summary>
    public static Func<RacePoint, bool> DeletingArticle() => p =>
        p.Stage == RacePoint.TransactionStarting && !p.Context.ChangeTracker.Entries().Any();

    /// <summary>The single DELETE statement of a tag DELETE.</summary>
    public static Func<RacePoint, bool> DeletingTag() => p =>
        p.Stage == RacePoint.BeforeCommand
        && p.Command!.CommandText.TrimStart().StartsWith("DELETE", StringComparison.OrdinalIgnoreCase)
        && TagsTable().IsMatch(p.Command.CommandText);

    [GeneratedRegex("""FROM\s+["\[]Tags["\]]""")]
    private static partial Regex TagsTable();

    private async Task TryRunAsync(RacePoint point)
    {
        await MeetAsync(point);
        var armed = Volatile.Read(ref _armed);
        if (armed is null || !armed.When(point) || Interlocked.CompareExchange(ref _armed, null, armed) != armed)
        {
            return;
        }

        try
        {
            await armed.Action();
        }
#pragma warning disable CA1031 // The failure is reported to the test, not to the request under test.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Failure = exception;
        }

        Volatile.Write(ref _fired, 1);
    }

    private sealed class OnSave(Race race) : SaveChangesInterceptor
    {
        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } context)
            {
                await race.TryRunAsync(new RacePoint(context, RacePoint.Saving, null));
            }

            return result;
        }
    }

    private sealed class OnTransaction(Race race) : DbTransactionInterceptor
    {
        public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
            DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result,
            CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } context)
            {
                await race.TryRunAsync(new RacePoint(context, RacePoint.TransactionStarting, null));
            }

            return result;
        }
    }

    /// <summary>Only commands outside a transaction: inside one, the request may hold locks the other editor needs.</summary>
    private sealed class OnCommand(Race race) : DbCommandInterceptor
    {
        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } context && command.Transaction is null)
            {
                await race.TryRunAsync(new RacePoint(context, RacePoint.BeforeCommand, command));
            }

            return result;
        }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } context && command.Transaction is null)
            {
                await race.TryRunAsync(new RacePoint(context, RacePoint.BeforeCommand, command));
            }

            return result;
        }
    }
}

/// <summary>Theory data of <see cref="ConcurrencyTests{TFactory}"/>.</summary>
public static class ConcurrencyTestData
{
    public const string GetETag = "the ETag of a GET";
    public const string VersionInQuotes = "the version field in quotes";

    public static TheoryData<string, string> ChangeEndpointsAndETagForms
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var endpoint in SecurityTestData.ChangeEndpoints)
            {
                data.Add(endpoint, GetETag);
                data.Add(endpoint, VersionInQuotes);
            }

            return data;
        }
    }
}

public abstract class ConcurrencyTests<TFactory>(TFactory factory) : SecurityTestBase<TFactory>(factory)
    where TFactory : ApiFactory, IRaceFactory
{
    private const int Racers = 8;

    private HttpClient? _noIfMatch;

    /// <summary>The editor's key on every request, If-Match never added.</summary>
    private HttpClient NoIfMatch => _noIfMatch ??= Factory.CreateKeyClient(ifMatch: false);

    // ---------------------------------------------------------------- ETags carry the version

    [Fact]
    public async Task ArticleResponses_OfPostGetAndPut_CarryAStrongETagWithTheVersion()
    {
        var post = await Client.PostAsJsonAsync("/api/articles", new { title = Unique("Versioned "), body = "Body.", status = "published" }, Ct);
        var created = (await post.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
        var url = $"/api/articles/{created.Id}";

        var byId = await Raw.GetAsync(url, Ct);
        var bySlug = await Raw.GetAsync($"/api/articles/slug/{created.Slug}", Ct);
        var byEditor = await Editor.GetAsync(url, Ct);
        var put = await Client.PutAsJsonAsync(url, new { title = Unique("Versioned again "), body = "New body.", status = "published" }, Ct);
        var updated = (await put.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
        var afterPut = await Raw.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        AssertETagIs(post, created.Version);
        AssertETagLeadsWith(byId, created.Version);
        AssertETagLeadsWith(bySlug, created.Version);
        AssertETagLeadsWith(byEditor, created.Version);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.NotEqual(created.Version, updated.Version);
        AssertETagIs(put, updated.Version);
        AssertETagLeadsWith(afterPut, updated.Version);
    }

    [Fact]
    public async Task TagResponses_OfPostGetAndPut_CarryAStrongETagWithTheVersion()
    {
        var post = await Client.PostAsJsonAsync("/api/tags", new { name = Unique("Versioned ") }, Ct);
        var created = (await post.Content.ReadFromJsonAsync<TagResponse>(Ct))!;
        var url = $"/api/tags/{created.Id}";

        var byId = await Raw.GetAsync(url, Ct);
        var bySlug = await Raw.GetAsync($"/api/tags/slug/{created.Slug}", Ct);
        var put = await Client.PutAsJsonAsync(url, new { name = Unique("Versioned again ") }, Ct);
        var updated = (await put.Content.ReadFromJsonAsync<TagResponse>(Ct))!;
        var afterPut = await Raw.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        AssertETagIs(post, created.Version);
        AssertETagLeadsWith(byId, created.Version);
        AssertETagLeadsWith(bySlug, created.Version);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.NotEqual(created.Version, updated.Version);
        AssertETagIs(put, updated.Version);
        AssertETagLeadsWith(afterPut, updated.Version);
    }

    [Fact]
    public async Task RelatedChanges_AnswerWithTheArticlesNewVersionAsETag()
    {
        var first = await CreatePublishedArticleAsync();
        var second = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync();
        var url = $"/api/articles/{article.Id}";

        var put = await Client.PutAsJsonAsync(url + "/related", new { articleIds = new[] { first.Id } }, Ct);
        var afterPut = await VersionAsync(url);
        var post = await Client.PostAsJsonAsync(url + "/related", new { articleId = second.Id }, Ct);
        var afterPost = await VersionAsync(url);
        var delete = await Client.DeleteAsync($"{url}/related/{first.Id}", Ct);
        var afterDelete = await VersionAsync(url);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(4, new[] { article.Version, afterPut, afterPost, afterDelete }.Distinct(StringComparer.Ordinal).Count());
        AssertETagIs(put, afterPut);
        AssertETagIs(post, afterPost);
        AssertETagIs(delete, afterDelete);
    }

    // ---------------------------------------------------------------- If-Match is required and checked

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

    // ---------------------------------------------------------------- simultaneous PUTs: one wins, nothing is lost or mixed

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EightConcurrentArticlePuts_WithTheSameIfMatch_OneWins_SevenGet412_AndTheWinnerIsStoredWhole(bool eachRenamesTheSlug)
    {
        var token = Unique();
        var shared = await CreateTagAsync();
        var targets = new List<ArticleResponse>();
        for (var i = 0; i < Racers; i++)
        {
            targets.Add(await CreatePublishedArticleAsync());
        }

        var article = await CreateArticleAsync(new
        {
            title = $"Original {token}",
            body = "Original body.",
            status = "published",
            tags = new[] { shared.Name },
            relatedArticleIds = new[] { targets[0].Id },
        });
        var url = $"/api/articles/{article.Id}";
        var ifMatch = await ETagAsync(url);
        var requests = Enumerable.Range(0, Racers).Select(i => new
        {
            title = $"Racer {i} {token}",
            slug = eachRenamesTheSlug ? $"racer-{i}-{token}" : null,
            summary = $"Summary of racer {i}",
            body = $"Body of racer {i}.",
            status = "published",
            tags = new[] { shared.Name, $"Own {i} {token}" },
            relatedArticleIds = new[] { targets[Racers - 1 - i].Id },
        }).ToArray();

        var responses = await RaceAsync(Race.SavingArticle(article.Id), requests.Select(r => PutAsync(url, r, ifMatch)));

        var statuses = await DescribeAsync(responses);
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) == 1, statuses);
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed) == Racers - 1, statuses);
        var winner = Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.OK);
        var stored = (await (await Editor.GetAsync(url, Ct)).Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
        Assert.Equal(requests[winner].title, stored.Title);
        Assert.Equal(requests[winner].slug ?? article.Slug, stored.Slug);
        Assert.Equal(requests[winner].summary, stored.Summary);
        Assert.Equal(requests[winner].body, stored.Body);
        Assert.Equal(requests[winner].tags, stored.Tags.Select(t => t.Name));
        Assert.Equal(requests[winner].relatedArticleIds, stored.Related.Select(r => r.Id));
        foreach (var loser in responses.Where(r => r.StatusCode == HttpStatusCode.PreconditionFailed))
        {
            var problem = await ReadProblemAsync(loser, HttpStatusCode.PreconditionFailed);
            Assert.Equal(stored.Version, problem.GetProperty("currentVersion").GetString());
        }

        for (var i = 0; i < Racers; i++)
        {
            var tags = await Editor.GetFromJsonAsync<PagedResponse<TagResponse>>($"/api/tags?q={Uri.EscapeDataString($"Own {i} {token}")}", Ct);
            Assert.True((i == winner ? 1 : 0) == tags!.TotalItems, $"Tag 'Own {i}' of a {(i == winner ? "winning" : "losing")} PUT: {tags.TotalItems} stored.");
        }
    }

    [Fact]
    public async Task EightConcurrentArticlePuts_AddingTheSameNewTag_OneWins_SevenGet412()
    {
        var token = Unique();
        var article = await CreatePublishedArticleAsync($"Original {token}");
        var url = $"/api/articles/{article.Id}";
        var ifMatch = await ETagAsync(url);
        var requests = Enumerable.Range(0, Racers).Select(i => new
        {
            title = $"Racer {i} {token}",
            body = $"Body of racer {i}.",
            status = "published",
            tags = new[] { $"Brand new {token}", $"Own {i} {token}" },
        }).ToArray();

        var responses = await RaceAsync(Race.SavingArticle(article.Id), requests.Select(r => PutAsync(url, r, ifMatch)));

        var statuses = await DescribeAsync(responses);
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) == 1, statuses);
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed) == Racers - 1, statuses);
        var winner = Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.OK);
        var stored = (await (await Editor.GetAsync(url, Ct)).Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
        Assert.Equal(requests[winner].title, stored.Title);
        Assert.Equal(requests[winner].tags, stored.Tags.Select(t => t.Name));
    }

    [Fact]
    public async Task Put_WhenAnotherEditorAddedTheSameNewTagJustBefore_Answers412NotAConflict()
    {
        var token = Unique();
        var article = await CreatePublishedArticleAsync($"Original {token}");
        var url = $"/api/articles/{article.Id}";
        var ifMatch = await ETagAsync(url);
        var newTag = $"Brand new {token}";
        HttpResponseMessage? other = null;
        Factory.Race.Arm(Race.SavingArticle(article.Id), async () => other = await Client.PutAsJsonAsync(
            url, new { title = $"Theirs {token}", body = "Their body.", status = "published", tags = new[] { newTag } }, Ct));

        HttpResponseMessage response;
        try
        {
            response = await PutAsync(url, new { title = $"Mine {token}", body = "My body.", status = "published", tags = new[] { newTag } }, ifMatch);
        }
        finally
        {
            Factory.Race.Disarm();
        }

        Assert.True(Factory.Race.Fired);
        Assert.Null(Factory.Race.Failure);
        Assert.Equal(HttpStatusCode.OK, other!.StatusCode);
        var problem = await ReadProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(await VersionAsync(url), problem.GetProperty("currentVersion").GetString());
        Assert.Equal($"Theirs {token}", (await Editor.GetFromJsonAsync<ArticleResponse>(url, Ct))!.Title);
    }

    [Theory]
    [InlineData("article")]
    [InlineData("tag")]
    public async Task PutWithANewSlug_WhenAnotherEditorRenamedItJustBefore_Answers412NotAConflict(string resource)
    {
        var token = Unique();
        int id;
        string url;
        if (resource == "article")
        {
            id = (await CreatePublishedArticleAsync($"Original {token}")).Id;
            url = $"/api/articles/{id}";
        }
        else
        {
            id = (await CreateTagAsync($"Original {token}")).Id;
            url = $"/api/tags/{id}";
        }

        var ifMatch = await ETagAsync(url);
        object Renamed(string who) => resource == "article"
            ? new { title = $"{who} {token}", slug = $"{who.ToLowerInvariant()}-{token}", body = "Body.", status = "published" }
            : new { name = $"{who} {token}", slug = $"{who.ToLowerInvariant()}-{token}" };
        HttpResponseMessage? other = null;
        Factory.Race.Arm(
            resource == "article" ? Race.SavingArticle(id) : Race.SavingTag(id),
            async () => other = await Client.PutAsJsonAsync(url, Renamed("Theirs"), Ct));

        HttpResponseMessage response;
        try
        {
            response = await PutAsync(url, Renamed("Mine"), ifMatch);
        }
        finally
        {
            Factory.Race.Disarm();
        }

        Assert.True(Factory.Race.Fired);
        Assert.Null(Factory.Race.Failure);
        Assert.Equal(HttpStatusCode.OK, other!.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Raw.GetAsync($"/api/{resource}s/slug/theirs-{token}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Raw.GetAsync($"/api/{resource}s/slug/mine-{token}", Ct)).StatusCode);
        var problem = await ReadProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(await VersionAsync(url), problem.GetProperty("currentVersion").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EightConcurrentTagPuts_WithTheSameIfMatch_OneWins_SevenGet412_AndTheWinnerIsStoredWhole(bool eachRenamesTheSlug)
    {
        var token = Unique();
        var tag = await CreateTagAsync($"Original {token}");
        var url = $"/api/tags/{tag.Id}";
        var ifMatch = await ETagAsync(url);
        var requests = Enumerable.Range(0, Racers).Select(i => new
        {
            name = $"Racer {i} {token}",
            slug = eachRenamesTheSlug ? $"racer-{i}-{token}" : null,
            description = $"Description of racer {i}",
        }).ToArray();

        var responses = await RaceAsync(Race.SavingTag(tag.Id), requests.Select(r => PutAsync(url, r, ifMatch)));

        var statuses = await DescribeAsync(responses);
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) == 1, statuses);
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed) == Racers - 1, statuses);
        var winner = Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.OK);
        var stored = (await Editor.GetFromJsonAsync<TagResponse>(url, Ct))!;
        Assert.Equal(requests[winner].name, stored.Name);
        Assert.Equal(requests[winner].slug ?? tag.Slug, stored.Slug);
        Assert.Equal(requests[winner].description, stored.Description);
        foreach (var loser in responses.Where(r => r.StatusCode == HttpStatusCode.PreconditionFailed))
        {
            var problem = await ReadProblemAsync(loser, HttpStatusCode.PreconditionFailed);
            Assert.Equal(stored.Version, problem.GetProperty("currentVersion").GetString());
        }

        for (var i = 0; eachRenamesTheSlug && i < Racers; i++)
        {
            // A losing rename leaves nothing behind: its slug is simply unknown.
            var bySlug = await Raw.GetAsync($"/api/tags/slug/racer-{i}-{token}", Ct);
            Assert.Equal(i == winner ? HttpStatusCode.OK : HttpStatusCode.NotFound, bySlug.StatusCode);
        }
    }

    // ---------------------------------------------------------------- all or nothing

    [Fact]
    public async Task Put_WhenItsNewTagNameIsTakenAtSaveTime_Answers409_AndLeavesTheArticleIntact()
    {
        var token = Unique();
        var fixture = await CreateLinkedArticleAsync(token);
        var colliding = $"Collide {token}";
        var fresh = $"Fresh {token}";
        HttpResponseMessage? other = null;
        Factory.Race.Arm(Race.AddingTag(colliding), async () => other = await Client.PostAsJsonAsync("/api/tags", new { name = colliding }, Ct));

        HttpResponseMessage response;
        try
        {
            response = await Client.PutAsJsonAsync(fixture.Url, new
            {
                title = $"Changed {token}",
                body = "Changed body.",
                status = "published",
                tags = new[] { fixture.TagName, fresh, colliding },
                relatedArticleIds = new[] { fixture.OtherTargetId },
            }, Ct);
        }
        finally
        {
            Factory.Race.Disarm();
        }

        Assert.True(Factory.Race.Fired, "The save never tried to create the tag.");
        Assert.Null(Factory.Race.Failure);
        Assert.Equal(HttpStatusCode.Created, other!.StatusCode);
        await ReadProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(fixture.Before, await EditorViewAsync(fixture.Url));
        Assert.Equal(0, await TagCountAsync(fresh));
        Assert.Equal(1, await TagCountAsync(colliding));
    }

    [Theory]
    [InlineData("unknown related article", HttpStatusCode.BadRequest)]
    [InlineData("related to itself", HttpStatusCode.BadRequest)]
    [InlineData("slug of another article", HttpStatusCode.Conflict)]
    [InlineData("tag name too long", HttpStatusCode.BadRequest)]
    public async Task Put_RefusedAfterSomeFieldsWereValid_LeavesTheArticleIntact(string fault, HttpStatusCode expected)
    {
        var token = Unique();
        var fixture = await CreateLinkedArticleAsync(token);
        var fresh = $"Fresh {token}";
        var taken = await CreatePublishedArticleAsync();

        var response = await Client.PutAsJsonAsync(fixture.Url, new
        {
            title = $"Changed {token}",
            slug = fault == "slug of another article" ? taken.Slug : null,
            body = "Changed body.",
            status = "published",
            tags = fault == "tag name too long" ? new[] { fresh, new string('x', 65) } : new[] { fresh },
            relatedArticleIds = fault switch
            {
                "unknown related article" => new[] { fixture.OtherTargetId, int.MaxValue },
                "related to itself" => new[] { fixture.OtherTargetId, fixture.Id },
                _ => new[] { fixture.OtherTargetId },
            },
        }, Ct);

        await ReadProblemAsync(response, expected);
        Assert.Equal(fixture.Before, await EditorViewAsync(fixture.Url));
        Assert.Equal(0, await TagCountAsync(fresh));
    }

    [Theory]
    [InlineData("PUT related with an unknown id")]
    [InlineData("POST related at a position past the end")]
    [InlineData("POST related of an article already linked")]
    [InlineData("POST related of an unknown article")]
    public async Task RelatedChange_RefusedMidway_LeavesTheLinksIntact(string fault)
    {
        var fixture = await CreateLinkedArticleAsync(Unique());
        var related = fixture.Url + "/related";

        var response = fault switch
        {
            "PUT related with an unknown id" => await Client.PutAsJsonAsync(related, new { articleIds = new[] { fixture.OtherTargetId, int.MaxValue } }, Ct),
            "POST related at a position past the end" => await Client.PostAsJsonAsync(related, new { articleId = fixture.OtherTargetId, position = 5 }, Ct),
            "POST related of an article already linked" => await Client.PostAsJsonAsync(related, new { articleId = fixture.TargetId, reciprocal = true }, Ct),
            _ => await Client.PostAsJsonAsync(related, new { articleId = int.MaxValue, reciprocal = true }, Ct),
        };

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict, $"{(int)response.StatusCode}");
        await ReadProblemAsync(response, response.StatusCode);
        Assert.Equal(fixture.Before, await EditorViewAsync(fixture.Url));
        Assert.Equal(fixture.OtherTargetBefore, await EditorViewAsync($"/api/articles/{fixture.OtherTargetId}"));
        Assert.Equal(fixture.TargetBefore, await EditorViewAsync($"/api/articles/{fixture.TargetId}"));
    }

    [Fact]
    public async Task DeleteArticle_WhenChangedJustBeforeTheDelete_Answers412_AndKeepsItsIncomingLinks()
    {
        var article = await CreatePublishedArticleAsync();
        var url = $"/api/articles/{article.Id}";
        var linker = await CreatePublishedArticleAsync(related: [article.Id]);
        var ifMatch = await ETagAsync(url);
        HttpResponseMessage? other = null;
        Factory.Race.Arm(Race.DeletingArticle(), async () => other = await EditAsync(url, " (other editor)"));

        HttpResponseMessage response;
        try
        {
            response = await SendAsync(new WriteCall("DELETE", HttpMethod.Delete, url, null, url, url, HttpStatusCode.NoContent),
                key: null, ifMatch: ifMatch, client: NoIfMatch);
        }
        finally
        {
            Factory.Race.Disarm();
        }

        Assert.True(Factory.Race.Fired);
        Assert.Null(Factory.Race.Failure);
        Assert.Equal(HttpStatusCode.OK, other!.StatusCode);
        await ReadProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.OK, (await Editor.GetAsync(url, Ct)).StatusCode);
        Assert.Equal([article.Id], await RelatedIdsAsync($"/api/articles/{linker.Id}"));
    }

    // ---------------------------------------------------------------- helpers

    private static void AssertETagIs(HttpResponseMessage response, string version)
    {
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Equal($"\"{version}\"", etag.Tag);
    }

    private static void AssertETagLeadsWith(HttpResponseMessage response, string version)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.StartsWith($"\"{version}-", etag.Tag, StringComparison.Ordinal);
    }

    /// <summary>Sends the requests at once; each is held at <paramref name="savePoint"/> until all have read the same version.</summary>
    private async Task<HttpResponseMessage[]> RaceAsync(Func<RacePoint, bool> savePoint, IEnumerable<Task<HttpResponseMessage>> requests)
    {
        Factory.Race.ArmBarrier(savePoint, Racers);
        try
        {
            var responses = await Task.WhenAll(requests);
            Assert.Equal(Racers, Factory.Race.Met);
            return responses;
        }
        finally
        {
            Factory.Race.Disarm();
        }
    }

    private async Task<HttpResponseMessage> PutAsync(string url, object body, string ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body, options: JsonWeb) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await NoIfMatch.SendAsync(request, Ct);
    }

    private static async Task<string> DescribeAsync(IEnumerable<HttpResponseMessage> responses)
    {
        var lines = new List<string>();
        foreach (var response in responses)
        {
            lines.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        }

        return string.Join('\n', lines);
    }

    /// <summary>Another editor's change: the article or tag as they read it, with <paramref name="suffix"/> added to its title or name.</summary>
    private async Task<HttpResponseMessage> EditAsync(string url, string suffix)
    {
        var json = JsonNode.Parse(await (await Editor.GetAsync(url, Ct)).Content.ReadAsStringAsync(Ct))!;
        object body = url.StartsWith("/api/tags/", StringComparison.Ordinal)
            ? new
            {
                name = json["name"]!.GetValue<string>() + suffix,
                slug = json["slug"]!.GetValue<string>(),
                description = json["description"]?.GetValue<string>(),
            }
            : new
            {
                title = json["title"]!.GetValue<string>() + suffix,
                slug = json["slug"]!.GetValue<string>(),
                summary = json["summary"]?.GetValue<string>(),
                body = json["body"]!.GetValue<string>(),
                featureImageUrl = json["featureImageUrl"]?.GetValue<string>(),
                status = json["status"]!.GetValue<string>() == "draft" ? "draft" : "published",
                publishedAt = json["publishedAt"]?.GetValue<string>(),
                tags = json["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToArray(),
                relatedArticleIds = json["related"]!.AsArray().Select(r => r!["id"]!.GetValue<int>()).ToArray(),
            };
        return await Client.PutAsJsonAsync(url, body, Ct);
    }

    private async Task<int[]> RelatedIdsAsync(string articleUrl)
    {
        var article = await Editor.GetFromJsonAsync<ArticleResponse>(articleUrl, Ct);
        return [.. article!.Related.Select(r => r.Id)];
    }

    private async Task<string> EditorViewAsync(string url)
    {
        var response = await Editor.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    private async Task<int> TagCountAsync(string name)
    {
        var page = await Editor.GetFromJsonAsync<PagedResponse<TagResponse>>($"/api/tags?q={Uri.EscapeDataString(name)}", Ct);
        return page!.Items.Count(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    private sealed record LinkedArticle(
        int Id, string Url, string TagName, int TargetId, int OtherTargetId, string Before, string TargetBefore, string OtherTargetBefore);

    /// <summary>A published article with a tag and a related article, plus another article it does not link; with the editor's views of all three.</summary>
    private async Task<LinkedArticle> CreateLinkedArticleAsync(string token)
    {
        var tagName = $"Kept {token}";
        var target = await CreatePublishedArticleAsync();
        var otherTarget = await CreatePublishedArticleAsync();
        var article = await CreateArticleAsync(new
        {
            title = $"Original {token}",
            summary = "Original summary.",
            body = "Original body.",
            status = "published",
            tags = new[] { tagName },
            relatedArticleIds = new[] { target.Id },
        });
        var url = $"/api/articles/{article.Id}";
        return new(article.Id, url, tagName, target.Id, otherTarget.Id,
            await EditorViewAsync(url), await EditorViewAsync($"/api/articles/{target.Id}"), await EditorViewAsync($"/api/articles/{otherTarget.Id}"));
    }
}
