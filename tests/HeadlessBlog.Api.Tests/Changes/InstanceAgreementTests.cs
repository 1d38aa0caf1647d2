using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Changes;
using HeadlessBlog.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Changes;

/// <summary>
/// Several instances on one database: each tails the change log and evicts what any instance changed, so a write
/// through one shows on the others within a poll or two, not after the output cache's lifetime; and a scheduled
/// publication is recorded once, whichever instance's worker gets there.
/// </summary>
public sealed class InstanceAgreementOnSqlite(SqliteApiFactory factory) : ChangeLogTestBase<SqliteApiFactory>(factory)
{
    [Fact]
    public async Task EditOnOneInstance_ShowsOnAnotherWithItsWorkerRunning_WithinTwoSeconds()
    {
        await using var other = new SameDatabaseFactory(Factory.ConnectionString, runWorker: true);
        using var reader = other.CreateAnonymousClient();
        var article = await CreatePublishedArticleAsync();
        AlignClocks(other); // after the write: its publication time is this instance's clock, which every call moves on
        var url = $"/api/articles/{article.Id}";
        Assert.Equal(article.Title, (await reader.GetFromJsonAsync<ArticleResponse>(url, Ct))!.Title);
        Assert.Equal(article.Title, (await reader.GetFromJsonAsync<ArticleResponse>(url, Ct))!.Title);

        var title = article.Title + " (edited elsewhere)";
        await PutAsync(article.Id, new { title, body = "b", status = "published", publishedAt = article.PublishedAt });
        var watch = Stopwatch.StartNew();
        string? seen = null;
        while (watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            // The other instance's clock drives its worker's polls (Changes:PollSeconds = 1).
            other.Clock.Advance(TimeSpan.FromSeconds(1));
            seen = (await reader.GetFromJsonAsync<ArticleResponse>(url, Ct))!.Title;
            if (seen == title)
            {
                break;
            }

            await Task.Delay(50, Ct);
        }

        Assert.Equal(title, seen);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"the other instance showed the edit after {watch.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task WithoutItsWorker_AnotherInstanceKeepsServingWhatItCached()
    {
        await using var other = new SameDatabaseFactory(Factory.ConnectionString, runWorker: false);
        using var reader = other.CreateAnonymousClient();
        var article = await CreatePublishedArticleAsync();
        AlignClocks(other); // after the write, as above
        var url = $"/api/articles/{article.Id}";
        Assert.Equal(article.Title, (await reader.GetFromJsonAsync<ArticleResponse>(url, Ct))!.Title);

        await PutAsync(article.Id, new { title = article.Title + " (edited elsewhere)", body = "b", status = "published", publishedAt = article.PublishedAt });

        Assert.Equal(article.Title, (await reader.GetFromJsonAsync<ArticleResponse>(url, Ct))!.Title);
    }

    [Fact]
    public async Task ScheduledPublication_WithTwoInstancesRunningRounds_IsRecordedOnce()
    {
        await using var other = new SameDatabaseFactory(Factory.ConnectionString, runWorker: false);
        AlignClocks(other);
        _ = other.CreateAnonymousClient();
        var article = await CreateArticleAsync(new { title = Unique("Later "), body = "x", status = "published", publishedAt = Factory.Clock.GetUtcNow().AddMinutes(10) });
        var mine = Factory.Services.GetRequiredService<ChangeWorker>();
        var theirs = other.Services.GetRequiredService<ChangeWorker>();
        await Task.WhenAll(mine.RunRoundAsync(Ct), theirs.RunRoundAsync(Ct));
        Assert.DoesNotContain(await EventsOfAsync("article", article.Id), e => e.Type == ChangeTypes.ArticlePublished);

        Factory.Clock.Advance(TimeSpan.FromMinutes(11));
        other.Clock.Advance(TimeSpan.FromMinutes(11));
        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(mine.RunRoundAsync(Ct), theirs.RunRoundAsync(Ct));
        }

        var published = Assert.Single(await EventsOfAsync("article", article.Id), e => e.Type == ChangeTypes.ArticlePublished);
        Assert.Null(published.Actor);
        Assert.False(published.WasVisible);
        Assert.True(published.Visible);
    }

    [Fact]
    public async Task ScheduledPublication_RecordedByAnInstanceThatSawItDueTooLate_IsDroppedByTheUniqueKey()
    {
        await using var other = new SameDatabaseFactory(Factory.ConnectionString, runWorker: false);
        AlignClocks(other);
        _ = other.CreateAnonymousClient();
        var article = await CreateArticleAsync(new { title = Unique("Later "), body = "x", status = "published", publishedAt = Factory.Clock.GetUtcNow().AddMinutes(10) });
        Factory.Clock.Advance(TimeSpan.FromMinutes(11));
        other.Clock.Advance(TimeSpan.FromMinutes(11));
        var now = Factory.Clock.GetUtcNow().UtcDateTime;
        using var mine = Factory.Services.CreateScope();
        using var theirs = other.Services.CreateScope();
        var myDb = mine.ServiceProvider.GetRequiredService<HeadlessBlog.Data.BlogDbContext>();
        var theirDb = theirs.ServiceProvider.GetRequiredService<HeadlessBlog.Data.BlogDbContext>();

        // This instance sees the schedule due; before it records, the other instance records it.
        var due = Assert.Single(await ScheduledPublications.Due(myDb, now).AsNoTracking().ToListAsync(Ct), d => d.EntityId == article.Id);
        Assert.True(await ScheduledPublications.RecordDueAsync(theirDb, now, Ct) >= 1);

        Assert.False(await ScheduledPublications.RecordAsync(myDb, due, now, Ct));
        Assert.Single(await EventsOfAsync("article", article.Id), e => e.Type == ChangeTypes.ArticlePublished);
    }

    /// <summary>Both instances at the later of their two times (neither may go back).</summary>
    private void AlignClocks(ApiFactory other)
    {
        var ahead = other.Clock.GetUtcNow() - Factory.Clock.GetUtcNow();
        (ahead > TimeSpan.Zero ? Factory.Clock : other.Clock).Advance(ahead.Duration());
    }

    /// <summary>A second instance of the API on the fixture's database file.</summary>
    private sealed class SameDatabaseFactory(string connectionString, bool runWorker) : ApiFactory
    {
        public override string Provider => "Sqlite";

        public override string? ConnectionString => connectionString;

        protected override IReadOnlyDictionary<string, string?> Settings { get; } =
            new Dictionary<string, string?> { ["Changes:RunWorker"] = runWorker ? "true" : "false" };
    }
}
