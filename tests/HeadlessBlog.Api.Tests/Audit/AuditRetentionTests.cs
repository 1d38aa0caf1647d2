using HeadlessBlog.Api.Changes;
using HeadlessBlog.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Audit;

public sealed class AuditRetentionOnSqlite(AuditRetentionSqliteFactory factory) : AuditRetentionTests<AuditRetentionSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class AuditRetentionOnSqlServer(AuditRetentionSqlServerFactory factory) : AuditRetentionTests<AuditRetentionSqlServerFactory>(factory);

/// <summary>The change worker prunes audit entries older than <c>Audit:RetentionDays</c>, and keeps them past the change log's own retention.</summary>
public abstract class AuditRetentionTests<TFactory>(TFactory factory) : AuditTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task WorkerRound_PrunesEntriesOlderThanTheRetention_KeepingYoungerOnes()
    {
        var article = await CreatePublishedArticleAsync();
        Factory.Clock.Advance(TimeSpan.FromDays(AuditRetentionSettings.ChangeDays + 1));
        await PutAsync(article.Id, new { title = article.Title, body = "Edited.", status = "published" });
        var worker = Factory.Services.GetRequiredService<ChangeWorker>();

        await worker.RunRoundAsync(Ct);

        // Past the change log's retention, but not the audit log's: both entries stay.
        Assert.Equal(["article.updated", "article.published", "article.created"], await TypesAsync($"entity=article&entityId={article.Id}"));

        Factory.Clock.Advance(TimeSpan.FromDays(AuditRetentionSettings.AuditDays - AuditRetentionSettings.ChangeDays));
        await worker.RunRoundAsync(Ct);

        Assert.Equal(["article.updated"], await TypesAsync($"entity=article&entityId={article.Id}"));
    }
}

public static class AuditRetentionSettings
{
    public const int ChangeDays = 5;
    public const int AuditDays = 20;

    public static readonly IReadOnlyDictionary<string, string?> Values = new Dictionary<string, string?>
    {
        ["Changes:RetentionDays"] = ChangeDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Audit:RetentionDays"] = AuditDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

public class AuditRetentionSqliteFactory : SqliteApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => AuditRetentionSettings.Values;
}

public class AuditRetentionSqlServerFactory(SqlServerContainer container) : SqlServerApiFactory(container)
{
    protected override IReadOnlyDictionary<string, string?> Settings => AuditRetentionSettings.Values;
}
