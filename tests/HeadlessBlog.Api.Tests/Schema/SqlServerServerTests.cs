using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Data;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Testcontainers.MsSql;

namespace HeadlessBlog.Api.Tests.Schema;

/// <summary>
/// What only a real SQL Server shows: the deployment script run the way a DBA runs it, and an outage. Skipped where
/// Docker is not available (the offline checks in this folder cover the same ground without a server).
/// </summary>
[Trait("Database", "SqlServer")]
public sealed partial class SqlServerServerTests(SqlServerContainer container)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task IdempotentScript_RunBatchByBatch_MigratesAnEmptyDatabase_AndRunsAgainOnAMigratedOne()
    {
        Assert.SkipWhen(container.UnavailableReason is not null, container.UnavailableReason ?? "");
        var connectionString = container.NewDatabase();
        await CreateEmptyDatabaseAsync(connectionString);
        await RunScriptAsync(connectionString);
        await RunScriptAsync(connectionString);

        await using var context = BlogContexts.Create(HeadlessBlog.Api.Hosting.Database.SqlServer, connectionString);
        Assert.Empty(await context.Database.GetPendingMigrationsAsync(Ct));
    }

    [Fact]
    public async Task IdempotentScript_OnADatabaseWithTagAssignments_CopiesTheirArticlesVisibility()
    {
        Assert.SkipWhen(container.UnavailableReason is not null, container.UnavailableReason ?? "");
        var connectionString = container.NewDatabase();
        await using var context = BlogContexts.Create(HeadlessBlog.Api.Hosting.Database.SqlServer, connectionString);
        var migrations = context.Database.GetMigrations().ToList();
        var before = migrations[migrations.FindIndex(m => m.EndsWith("_TagVisibility", StringComparison.Ordinal)) - 1];
        await context.GetService<IMigrator>().MigrateAsync(before, Ct);
        await context.Database.ExecuteSqlRawAsync(
            """
            SET IDENTITY_INSERT [Tags] ON;
            INSERT INTO [Tags] ([Id], [Name], [NormalizedName], [Slug], [CreatedAt], [UpdatedAt]) VALUES (1, N'Tag', N'TAG', N'tag', '2026-01-01', '2026-01-01');
            SET IDENTITY_INSERT [Tags] OFF;
            SET IDENTITY_INSERT [Articles] ON;
            INSERT INTO [Articles] ([Id], [Title], [NormalizedTitle], [Slug], [NormalizedSummary], [Excerpt], [WordCount], [ReadingTimeMinutes],
                [Status], [PublishedAt], [CreatedAt], [UpdatedAt], [Body], [BodyHtml], [BodyPlainText])
            VALUES (1, N'One', N'ONE', N'one', N'', N'', 1, 1, 1, '2026-02-03T04:05:06', '2026-01-01', '2026-01-01', N'b', N'b', N'b');
            SET IDENTITY_INSERT [Articles] OFF;
            INSERT INTO [ArticleTags] ([ArticleId], [TagId], [Position]) VALUES (1, 1, 0);
            """,
            Ct);

        await RunScriptAsync(connectionString);

        var copy = await context.ArticleTags.SingleAsync(Ct);
        Assert.Equal(ArticleStatus.Published, copy.ArticleStatus);
        Assert.Equal(new DateTime(2026, 2, 3, 4, 5, 6, DateTimeKind.Utc), copy.ArticlePublishedAt);
    }

    [Fact]
    public async Task WhileTheServerIsPaused_RequestsAnswer503WithinTenSeconds_ThenRecoverWithoutRestart()
    {
        Assert.SkipWhen(container.UnavailableReason is not null, container.UnavailableReason ?? "");
        // A server of its own: pausing the shared one would stall every other SQL Server test.
        await using var own = new MsSqlBuilder(SqlServerContainer.Image).Build();
        await own.StartAsync(Ct);
        var connectionString = new SqlConnectionStringBuilder(own.GetConnectionString()) { InitialCatalog = "outage" }.ConnectionString;
        await using var factory = new Security.DownSqlServerApiFactory(connectionString, migrate: true);
        using var client = factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/articles?fields=id", Ct)).StatusCode);

        await own.PauseAsync(Ct);
        var started = Stopwatch.GetTimestamp();
        var during = await client.GetAsync("/api/tags?q=outage", Ct);
        var elapsed = Stopwatch.GetElapsedTime(started);
        await own.UnpauseAsync(Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.NotNull(during.Headers.RetryAfter);
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"503 after {elapsed.TotalSeconds:F1} s");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/tags?q=outage", Ct)).StatusCode);
    }

    private static async Task CreateEmptyDatabaseAsync(string connectionString)
    {
        var builder = new SqlConnectionStringBuilder(connectionString);
        var name = builder.InitialCatalog;
        builder.InitialCatalog = "master";
        await using var connection = new SqlConnection(builder.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The name is generated by the test.
        command.CommandText = $"CREATE DATABASE [{name}]";
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(Ct);
    }

    /// <summary>As sqlcmd runs it: batch by batch, each compiled whole by the server before it runs.</summary>
    private static async Task RunScriptAsync(string connectionString)
    {
        string script;
        await using (var context = BlogContexts.SqlServer())
        {
            script = context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        }

        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        foreach (var batch in Go().Split(script).Where(b => !string.IsNullOrWhiteSpace(b)))
        {
            await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The script is EF's own.
            command.CommandText = batch;
#pragma warning restore CA2100
            await command.ExecuteNonQueryAsync(Ct);
        }
    }

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex Go();
}
