using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Security;

public sealed class DeleteRaceOnSqlite(DeleteRaceSqliteFactory factory) : DeleteRaceTests<DeleteRaceSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class DeleteRaceOnSqlServer(DeleteRaceSqlServerFactory factory) : DeleteRaceTests<DeleteRaceSqlServerFactory>(factory);

public interface IDeleteRaceFactory : IRaceFactory
{
    InTransaction InTransaction { get; }
}

public class DeleteRaceSqliteFactory : RaceSqliteFactory, IDeleteRaceFactory
{
    public InTransaction InTransaction { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IInterceptor>(InTransaction));
    }
}

public class DeleteRaceSqlServerFactory(SqlServerContainer container) : RaceSqlServerFactory(container), IDeleteRaceFactory
{
    public InTransaction InTransaction { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IInterceptor>(InTransaction));
    }
}

/// <summary>
/// Before the armed command of an open transaction runs, starts another request and lets it run for a while (it may
/// finish, or wait for a lock the transaction holds), then lets the command go on. Unlike <see cref="Race"/> it never
/// waits for the other request to finish, which would deadlock against the transaction's locks.
/// </summary>
public sealed partial class InTransaction : DbCommandInterceptor
{
    private Func<DbCommand, bool>? _when;
    private Func<Task<HttpResponseMessage>>? _action;

    public Task<HttpResponseMessage>? Started { get; private set; }

    public void Arm(Func<DbCommand, bool> when, Func<Task<HttpResponseMessage>> action)
    {
        Started = null;
        _action = action;
        Volatile.Write(ref _when, when);
    }

    /// <summary>The DELETE of the article row itself, after its incoming links were deleted.</summary>
    public static Func<DbCommand, bool> DeletingArticleRow() => c =>
        c.CommandText.TrimStart().StartsWith("DELETE", StringComparison.OrdinalIgnoreCase) && ArticlesTable().IsMatch(c.CommandText);

    [GeneratedRegex("""FROM\s+["\[]Articles["\]]""")]
    private static partial Regex ArticlesTable();

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(command);
        return result;
    }

    // SaveChanges sends a DELETE with RETURNING (SQLite) or OUTPUT (SQL Server) as a reader.
    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(command);
        return result;
    }

    private async Task BeforeAsync(DbCommand command)
    {
        var when = Volatile.Read(ref _when);
        if (command.Transaction is not null && when is not null && when(command)
            && Interlocked.CompareExchange(ref _when, null, when) == when)
        {
            Started = Task.Run(_action!, CancellationToken.None);
            // Long enough for the other request to commit where nothing stops it; it is bounded where a lock does.
            await Task.WhenAny(Started, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
        }
    }
}

/// <summary>Deleting an article while another editor links to it: one of the two wins cleanly, never a 500.</summary>
public abstract class DeleteRaceTests<TFactory>(TFactory factory) : SecurityTestBase<TFactory>(factory)
    where TFactory : ApiFactory, IDeleteRaceFactory
{
    [Fact]
    public async Task DeleteArticle_WhenAnotherEditorLinksToItBetweenItsStatements_Answers204_AndTheLinkIsRefused()
    {
        var doomed = await CreatePublishedArticleAsync();
        var linker = await CreatePublishedArticleAsync();
        var linkerEtag = (await Editor.GetAsync($"/api/articles/{linker.Id}", Ct)).Headers.ETag!;
        var other = Factory.CreateKeyClient(ifMatch: false);
        Factory.InTransaction.Arm(InTransaction.DeletingArticleRow(), async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/articles/{linker.Id}/related")
            {
                Content = JsonContent.Create(new { articleId = doomed.Id }),
            };
            request.Headers.IfMatch.Add(linkerEtag);
            return await other.SendAsync(request, Ct);
        });

        var deleted = await Client.DeleteAsync($"/api/articles/{doomed.Id}?permanent=true", Ct);

        Assert.NotNull(Factory.InTransaction.Started);
        var link = await Factory.InTransaction.Started.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.True(
            link.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.Conflict,
            $"The link to a deleted article answered {(int)link.StatusCode}: {await link.Content.ReadAsStringAsync(Ct)}");
        Assert.Equal(HttpStatusCode.NotFound, (await Editor.GetAsync($"/api/articles/{doomed.Id}", Ct)).StatusCode);
        Assert.Empty(await RelatedOfAsync(linker.Id));
    }

    [Fact]
    public async Task AddRelated_WhenTheTargetIsDeletedBetweenItsCheckAndItsSave_Answers409Problem()
    {
        var doomed = await CreatePublishedArticleAsync();
        var linker = await CreatePublishedArticleAsync();
        HttpResponseMessage? deleted = null;
        Factory.Race.Arm(Race.SavingArticle(linker.Id), async () => deleted = await Client.DeleteAsync($"/api/articles/{doomed.Id}?permanent=true", Ct));

        HttpResponseMessage link;
        try
        {
            link = await Client.PostAsJsonAsync($"/api/articles/{linker.Id}/related", new { articleId = doomed.Id }, Ct);
        }
        finally
        {
            Factory.Race.Disarm();
        }

        Assert.True(Factory.Race.Fired);
        Assert.Null(Factory.Race.Failure);
        Assert.Equal(HttpStatusCode.NoContent, deleted!.StatusCode);
        await ReadProblemAsync(link, HttpStatusCode.Conflict);
        Assert.Empty(await RelatedOfAsync(linker.Id));
    }

    [Fact]
    public async Task AddRelated_WhenTheTargetIsMovedToTheTrashBetweenItsCheckAndItsSave_KeepsTheLinkHiddenUntilItIsRestored()
    {
        var trashed = await CreatePublishedArticleAsync();
        var linker = await CreatePublishedArticleAsync();
        HttpResponseMessage? deleted = null;
        Factory.Race.Arm(Race.SavingArticle(linker.Id), async () => deleted = await Client.DeleteAsync($"/api/articles/{trashed.Id}", Ct));

        HttpResponseMessage link;
        try
        {
            link = await Client.PostAsJsonAsync($"/api/articles/{linker.Id}/related", new { articleId = trashed.Id }, Ct);
        }
        finally
        {
            Factory.Race.Disarm();
        }

        // The target still exists (in the trash), so the link may be stored; no read shows it while the target is there.
        Assert.True(Factory.Race.Fired);
        Assert.Equal(HttpStatusCode.NoContent, deleted!.StatusCode);
        Assert.True((int)link.StatusCode is 201 or 409, $"The link answered {(int)link.StatusCode}.");
        Assert.Empty(await RelatedOfAsync(linker.Id));
        Assert.Empty((await Editor.GetFromJsonAsync<ArticleResponse>($"/api/articles/{linker.Id}", Ct))!.Related);
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/api/trash/{trashed.Id}/restore", null, Ct)).StatusCode);
        Assert.Equal(link.StatusCode == HttpStatusCode.Created ? [trashed.Id] : [], await RelatedOfAsync(linker.Id));
    }

    private async Task<List<int>> RelatedOfAsync(int id)
    {
        var related = await Editor.GetFromJsonAsync<List<ArticleSummary>>($"/api/articles/{id}/related", Ct);
        return related!.Select(a => a.Id).ToList();
    }
}
