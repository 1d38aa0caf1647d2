using HeadlessBlog.Api.Changes;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Data;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Changes;

public sealed class ChangeRetentionOnSqlite(SqliteApiFactory factory) : ChangeRetentionTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ChangeRetentionOnSqlServer(SqlServerApiFactory factory) : ChangeRetentionTests<SqlServerApiFactory>(factory);

/// <summary>Events older than <c>Changes:RetentionDays</c> (90) are purged by the worker, except schedules still to come.</summary>
public abstract class ChangeRetentionTests<TFactory>(TFactory factory) : ChangeLogTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task WorkerRound_PurgesExpiredEvents_KeepsRecentOnesAndSchedulesStillToCome()
    {
        _ = Client;
        var now = Factory.Clock.GetUtcNow().UtcDateTime;
        ContentChange Event(DateTime occurredAt, DateTime? visibleFrom = null) => new()
        {
            Type = ChangeTypes.TagUpdated,
            Entity = ChangeTypes.TagEntity,
            EntityId = 1,
            Slug = Unique("kept-"),
            OccurredAt = occurredAt,
            VisibleFrom = visibleFrom,
        };
        var expired = Event(now.AddDays(-91));
        var recent = Event(now.AddDays(-89));
        var scheduledLongAgo = Event(now.AddDays(-200), visibleFrom: now.AddDays(30));
        using (var scope = Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
            db.ContentChanges.AddRange(expired, recent, scheduledLongAgo);
            await db.SaveChangesAsync(Ct);
        }

        await Factory.Services.GetRequiredService<ChangeWorker>().RunRoundAsync(Ct);

        var ids = (await AllEventsAsync()).Select(e => e.Id).ToList();
        Assert.DoesNotContain(expired.Id, ids);
        Assert.Contains(recent.Id, ids);
        Assert.Contains(scheduledLongAgo.Id, ids);
    }
}
