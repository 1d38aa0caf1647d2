using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Publishing;

public sealed class VisibilityRuleOnSqlite(SqliteApiFactory factory) : VisibilityRuleTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class VisibilityRuleOnSqlServer(SqlServerApiFactory factory) : VisibilityRuleTests<SqlServerApiFactory>(factory);

/// <summary>
/// The visibility rule has three forms (<see cref="Visibility"/>): SQL over <see cref="Article"/>, SQL over the copy on
/// <see cref="ArticleTag"/>, and the in-memory check behind the status a response shows. They must agree on every
/// combination of stored status and publication time, including a publication time equal to the moment.
/// </summary>
public abstract class VisibilityRuleTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task ThreeForms_AgreeOnEveryStatusAndPublicationTime()
    {
        var now = Factory.Clock.GetUtcNow().UtcDateTime.AddDays(1);
        DateTime?[] times = [null, now.AddSeconds(-1), now, now.AddSeconds(1), now.AddTicks(-1), now.AddTicks(1)];
        var cases = (from status in new[] { ArticleStatus.Draft, ArticleStatus.Published }
                     from publishedAt in times
                     select (status, publishedAt)).ToList();
        var tag = Unique("Visibility ");
        var ids = new List<int>();
        foreach (var _ in cases)
        {
            ids.Add((await CreatePublishedArticleAsync(tags: [tag])).Id);
        }

        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
        var articles = await db.Articles.Include(a => a.Tags).Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, Ct);
        foreach (var (id, (status, publishedAt)) in ids.Zip(cases))
        {
            articles[id].Status = status;
            articles[id].PublishedAt = publishedAt;
        }

        await db.SaveChangesAsync(Ct);
        db.ChangeTracker.Clear();

        var byArticle = await db.Articles.Where(a => ids.Contains(a.Id)).Where(Visibility.OfArticle(now)).Select(a => a.Id).ToListAsync(Ct);
        var byAssignment = await db.ArticleTags.Where(at => ids.Contains(at.ArticleId)).Where(Visibility.OfAssignment(now))
            .Select(at => at.ArticleId).ToListAsync(Ct);
        var scheduled = await db.Articles.Where(a => ids.Contains(a.Id)).Where(Visibility.ScheduledArticle(now)).Select(a => a.Id).ToListAsync(Ct);
        var inMemory = ids.Zip(cases).Where(c => Visibility.IsVisible(c.Second.status, c.Second.publishedAt, now)).Select(c => c.First).ToList();
        // As responses carry them: the stored status spelled out, and the status a reader is shown.
        var stored = ids.Zip(cases).ToDictionary(c => c.First, c => (
            Status: c.Second.status == ArticleStatus.Published ? ArticleStatuses.Published : ArticleStatuses.Draft, c.Second.publishedAt));
        var shownStatus = stored.ToDictionary(s => s.Key, s => ArticleStatuses.Effective(s.Value.Status, s.Value.publishedAt, now));

        Assert.Equal(inMemory.Order(), byArticle.Order());
        Assert.Equal(inMemory.Order(), byAssignment.Order());
        Assert.Equal(ids.Where(id => shownStatus[id] == ArticleStatuses.Scheduled).Order(), scheduled.Order());
        Assert.Equal(inMemory.Order(), ids.Where(id => ArticleStatuses.IsVisible(stored[id].Status, stored[id].publishedAt, now)).Order());
        // Neither side is trivially empty or full: some of the cases are visible, some scheduled, some neither.
        Assert.NotEmpty(inMemory);
        Assert.NotEmpty(scheduled);
        Assert.NotEqual(ids.Count, inMemory.Count + scheduled.Count);
    }
}
