using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Slugs;
using HeadlessBlog.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;

namespace HeadlessBlog.Api.Tests.Schema;

/// <summary>
/// <see cref="BlogDbContext"/> instances configured exactly as the API configures them (through
/// <see cref="Database.Configure"/>), for model, migration and SQL checks. Nothing connects to a server.
/// </summary>
internal static class BlogContexts
{
    /// <summary>Enough for SQL Server model work and SQL generation; never opened.</summary>
    public const string UnusedSqlServerConnectionString = "Server=unused;Database=unused;TrustServerCertificate=True";

    /// <summary>An in-memory SQLite database; only opened when a test actually runs SQL.</summary>
    public const string InMemorySqliteConnectionString = "Data Source=:memory:";

    public static TheoryData<string> Providers => [Database.Sqlite, Database.SqlServer];

    public static BlogDbContext Create(string provider, string? connectionString = null)
    {
        connectionString ??= provider == Database.SqlServer ? UnusedSqlServerConnectionString : InMemorySqliteConnectionString;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = provider,
                [$"ConnectionStrings:{Database.ConnectionStringName}"] = connectionString,
            })
            .Build();
        var options = new DbContextOptionsBuilder<BlogDbContext>();
        Database.Configure(options, configuration, contentRoot: Path.GetTempPath());
        return new BlogDbContext(options.Options);
    }

    public static BlogDbContext SqlServer() => Create(Database.SqlServer);

    public static BlogDbContext Sqlite() => Create(Database.Sqlite);
}

public sealed class MigrationsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(BlogContexts.Providers), MemberType = typeof(BlogContexts))]
    public void Model_HasNoChangesMissingFromTheProvidersMigrations(string provider)
    {
        using var context = BlogContexts.Create(provider);

        Assert.False(
            context.Database.HasPendingModelChanges(),
            $"The {provider} model differs from the last migration's snapshot: add a migration to HeadlessBlog.Migrations.{provider} "
            + $"(dotnet ef migrations add <Name> -p src/HeadlessBlog.Migrations.{provider} -s src/HeadlessBlog.Api -- --Database:Provider {provider}).");
    }

    [Theory]
    [MemberData(nameof(BlogContexts.Providers), MemberType = typeof(BlogContexts))]
    public void Migrations_AreFoundInTheProvidersOwnMigrationsAssembly(string provider)
    {
        using var context = BlogContexts.Create(provider);

        var assembly = context.GetService<IMigrationsAssembly>();

        Assert.Equal($"HeadlessBlog.Migrations.{provider}", assembly.Assembly.GetName().Name);
        Assert.NotEmpty(context.Database.GetMigrations());
        Assert.NotNull(assembly.ModelSnapshot);
    }

    [Fact]
    public async Task SqliteMigrations_OnAFreshFile_CreateTheTablesAndUniqueIndexes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"headlessblog-migrations-{Guid.NewGuid():N}.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        try
        {
            await using (var context = BlogContexts.Create(Database.Sqlite, connectionString))
            {
                await context.Database.MigrateAsync(Ct);

                var applied = await context.Database.GetAppliedMigrationsAsync(Ct);
                Assert.Equal(context.Database.GetMigrations(), applied);
            }

            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(Ct);

            var tables = await QueryStringsAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
            Assert.Superset(
                new HashSet<string>(StringComparer.Ordinal) { "Articles", "Tags", "ArticleTags", "ArticleLinks", "__EFMigrationsHistory" },
                tables.ToHashSet(StringComparer.Ordinal));

            Assert.Contains("Slug", await UniqueIndexColumnsAsync(connection, "Articles"));
            var tagIndexes = await UniqueIndexColumnsAsync(connection, "Tags");
            Assert.Contains("Slug", tagIndexes);
            Assert.Contains("NormalizedName", tagIndexes);
            Assert.Contains("SourceArticleId,TargetArticleId", await UniqueIndexColumnsAsync(connection, "ArticleLinks"));
            Assert.Contains("ArticleId,TagId", await UniqueIndexColumnsAsync(connection, "ArticleTags"));

            // Deleting an article must not cascade through the link target (one cascade path, as on SQL Server).
            var targetOnDelete = await QueryStringsAsync(
                connection, "SELECT on_delete FROM pragma_foreign_key_list('ArticleLinks') WHERE \"from\" = 'TargetArticleId'");
            Assert.Equal(["NO ACTION"], targetOnDelete);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }

    [Fact]
    public async Task SqliteTagVisibilityMigration_CopiesEachArticlesStatusAndPublicationTimeToItsTagAssignments()
    {
        var path = Path.Combine(Path.GetTempPath(), $"headlessblog-migrations-{Guid.NewGuid():N}.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        try
        {
            await using var context = BlogContexts.Create(Database.Sqlite, connectionString);
            var migrations = context.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_TagVisibility", StringComparison.Ordinal)) - 1];
            var migrator = context.GetService<IMigrator>();
            await migrator.MigrateAsync(before, Ct);

            // Data written before the migration: a published and a draft article sharing a tag.
            await context.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO "Tags" ("Id", "Name", "NormalizedName", "Slug", "CreatedAt", "UpdatedAt", "Version")
                VALUES (1, 'Tag', 'TAG', 'tag', '2026-01-01 00:00:00', '2026-01-01 00:00:00', X'01');
                INSERT INTO "Articles" ("Id", "Title", "NormalizedTitle", "Slug", "NormalizedSummary", "Excerpt", "WordCount",
                    "ReadingTimeMinutes", "Status", "PublishedAt", "CreatedAt", "UpdatedAt", "Version", "Body", "BodyHtml", "BodyPlainText")
                VALUES
                    (1, 'One', 'ONE', 'one', '', '', 1, 1, 1, '2026-02-03 04:05:06.789', '2026-01-01 00:00:00', '2026-01-01 00:00:00', X'01', 'b', 'b', 'b'),
                    (2, 'Two', 'TWO', 'two', '', '', 1, 1, 0, NULL, '2026-01-01 00:00:00', '2026-01-01 00:00:00', X'01', 'b', 'b', 'b');
                INSERT INTO "ArticleTags" ("ArticleId", "TagId", "Position") VALUES (1, 1, 0), (2, 1, 0);
                """,
                Ct);

            await migrator.MigrateAsync(cancellationToken: Ct);

            var copies = await context.ArticleTags.OrderBy(at => at.ArticleId)
                .Select(at => new { at.ArticleId, at.ArticleStatus, at.ArticlePublishedAt }).ToListAsync(Ct);
            Assert.Equal(2, copies.Count);
            Assert.Equal(ArticleStatus.Published, copies[0].ArticleStatus);
            Assert.Equal(new DateTime(2026, 2, 3, 4, 5, 6, 789, DateTimeKind.Utc), copies[0].ArticlePublishedAt);
            Assert.Equal(ArticleStatus.Draft, copies[1].ArticleStatus);
            Assert.Null(copies[1].ArticlePublishedAt);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }

    /// <summary>
    /// The comma-separated column lists of every unique index of a table, including those behind
    /// primary keys and UNIQUE constraints (e.g. "SourceArticleId,TargetArticleId").
    /// </summary>
    private static async Task<List<string>> UniqueIndexColumnsAsync(SqliteConnection connection, string table)
    {
        var indexes = await QueryStringsAsync(
            connection, $"SELECT name FROM pragma_index_list('{table}') WHERE \"unique\" = 1");
        var result = new List<string>();
        foreach (var index in indexes)
        {
            var columns = await QueryStringsAsync(connection, $"SELECT name FROM pragma_index_info('{index}') ORDER BY seqno");
            result.Add(string.Join(',', columns));
        }

        return result;
    }

    private static async Task<List<string>> QueryStringsAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Only constant table and index names from this class are interpolated.
        command.CommandText = sql;
#pragma warning restore CA2100
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var values = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
