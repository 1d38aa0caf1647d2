using HeadlessBlog.Api.Changes;
using HeadlessBlog.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Revisions;

public sealed class RevisionRetentionOnSqlite(RevisionRetentionSqliteFactory factory) : RevisionRetentionTests<RevisionRetentionSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class RevisionRetentionOnSqlServer(RevisionRetentionSqlServerFactory factory) : RevisionRetentionTests<RevisionRetentionSqlServerFactory>(factory);

/// <summary>The change worker prunes revisions beyond <c>Revisions:KeepPerArticle</c> and <c>Revisions:KeepDays</c>, never the newest.</summary>
public abstract class RevisionRetentionTests<TFactory>(TFactory factory) : RevisionTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task WorkerRounds_KeepTheNewestPerArticle_ThenDropOldOnes_ButNeverTheNewest()
    {
        var busy = await CreatePublishedArticleAsync();
        for (var i = 0; i < 4; i++)
        {
            await PutAsync(busy.Id, new { title = Unique("Edit "), body = "Edit." });
        }

        var quiet = await CreatePublishedArticleAsync();
        var worker = Factory.Services.GetRequiredService<ChangeWorker>();
        Factory.Clock.Advance(TimeSpan.FromHours(2));

        await worker.RunRoundAsync(Ct);

        Assert.Equal([5, 4, 3], (await RevisionsAsync(busy.Id)).Select(r => r.Number));
        Assert.Single(await RevisionsAsync(quiet.Id));

        await PutAsync(quiet.Id, new { title = Unique("Later "), body = "Later." });
        Factory.Clock.Advance(TimeSpan.FromDays(RevisionRetentionSettings.KeepDays) + TimeSpan.FromHours(2));
        await worker.RunRoundAsync(Ct);

        Assert.Equal([5], (await RevisionsAsync(busy.Id)).Select(r => r.Number));
        Assert.Equal([2], (await RevisionsAsync(quiet.Id)).Select(r => r.Number));
    }
}

public static class RevisionRetentionSettings
{
    public const int KeepDays = 10;

    public static readonly IReadOnlyDictionary<string, string?> Values = new Dictionary<string, string?>
    {
        ["Revisions:KeepPerArticle"] = "3",
        ["Revisions:KeepDays"] = KeepDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

public class RevisionRetentionSqliteFactory : SqliteApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => RevisionRetentionSettings.Values;
}

public class RevisionRetentionSqlServerFactory(SqlServerContainer container) : SqlServerApiFactory(container)
{
    protected override IReadOnlyDictionary<string, string?> Settings => RevisionRetentionSettings.Values;
}
