using System.Net.Http.Json;
using HeadlessBlog.Api.Changes;
using HeadlessBlog.Api.Sync;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Changes;

public sealed class ChangeGapsOnSqlite(SqliteApiFactory factory) : ChangeGapTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ChangeGapsOnSqlServer(SqlServerApiFactory factory) : ChangeGapTests<SqlServerApiFactory>(factory);

/// <summary>
/// Event ids are taken at insert, so on SQL Server a lower id can commit after a higher one: readers never pass an
/// event that may still commit, and pass a gap only once it is older than <c>Changes:GapSeconds</c>.
/// </summary>
public abstract class ChangeGapTests<TFactory>(TFactory factory) : ChangeLogTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    private const double GapSeconds = 10;

    private ContentChange Event(long id = 0) => new()
    {
        Id = id,
        Type = ChangeTypes.TagUpdated,
        Entity = ChangeTypes.TagEntity,
        EntityId = 1,
        Slug = Unique("gap-"),
        OccurredAt = Factory.Clock.GetUtcNow().UtcDateTime,
    };

    private async Task InsertAsync(ContentChange change)
    {
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
        db.ContentChanges.Add(change);
        await db.SaveChangesAsync(Ct);
    }

    private async Task<List<long>> IdsAfterAsync(long after) =>
        [.. (await Editor.GetFromJsonAsync<ChangePage>($"/api/changes?after={after}&limit=500", Ct))!.Items.Select(e => e.Id)];

    [Fact]
    public async Task LowerIdCommittingLast_IsNeverSkipped_SimulatedByInsertingItLast()
    {
        Assert.SkipUnless(Factory.Provider == "Sqlite", "Explicit ids stand in for a late commit on SQLite; SQL Server runs real transactions below.");
        _ = Client;
        var head = await HeadAsync();
        await InsertAsync(Event(head + 2));

        Assert.Empty(await IdsAfterAsync(head));

        await InsertAsync(Event(head + 1));
        Assert.Equal([head + 1, head + 2], await IdsAfterAsync(head));
    }

    [Fact]
    public async Task GapThatNeverFills_IsPassedOnceOlderThanGapSeconds()
    {
        Assert.SkipUnless(Factory.Provider == "Sqlite", "Explicit ids need IDENTITY_INSERT on SQL Server.");
        _ = Client;
        var head = await HeadAsync();
        await InsertAsync(Event(head + 3));

        Assert.Empty(await IdsAfterAsync(head));

        Factory.Clock.Advance(TimeSpan.FromSeconds(GapSeconds + 1));
        Assert.Equal([head + 3], await IdsAfterAsync(head));
    }

    [Fact]
    public async Task LowerIdCommittingLast_IsNeverSkipped_WithRealTransactions()
    {
        Assert.SkipUnless(Factory.Provider == "SqlServer", "SQLite serializes writes: ids commit in order there.");
        _ = Client;
        var head = await HeadAsync();
        var inserted = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var commit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
        var early = Event();
        var slow = db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            db.ContentChanges.Add(early);
            await db.SaveChangesAsync(Ct);
            inserted.TrySetResult(early.Id);
            await commit.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
            await transaction.CommitAsync(Ct);
        });
        var lowId = await inserted.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var late = Event();
        await InsertAsync(late);
        Assert.True(late.Id > lowId);

        // With the lower id uncommitted, a read either waits for it (locking read committed) or stops before it
        // (read committed snapshot); it never lists the higher id alone.
        var reading = IdsAfterAsync(head);
        await Task.Delay(300, Ct);
        commit.TrySetResult();
        await slow;
        var during = await reading;
        Assert.True(!during.Contains(late.Id) || during.Contains(lowId), $"listed {late.Id} before {lowId} committed");

        Assert.Equal([lowId, late.Id], (await IdsAfterAsync(head)).Where(id => id == lowId || id == late.Id));
    }
}
