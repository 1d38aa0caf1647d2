using HeadlessBlog.Api.Content;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Slugs;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace HeadlessBlog.Api.Tests.Schema;

/// <summary>
/// Articles stored before the ContentDelivery migration added the fields derived from the body get them from the app
/// (see Database.RenderStoredArticlesAsync): whenever EF Core migrates, at startup or from the EF Core tools.
/// </summary>
public sealed class StoredArticlesBackfillTests : IDisposable
{
    private static readonly (string Summary, string Body)[] Stored =
    [
        ("Über Cafés, ß and all", "## Heading\n\nSome **bold** text and a [link](https://example.com).\n\n- one\n- two\n"),
        ("  A summary with spaces  ", "Plain words only, " + string.Join(' ', Enumerable.Repeat("word", 600))),
        ("", "> A quote\n\n![An image](https://example.com/a.png)\n\n```\ncode\n```\n"),
    ];

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"headlessblog-backfill-{Guid.NewGuid():N}.db");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString();

    [Fact]
    public async Task AppStart_OnADatabaseFromBeforeContentDelivery_RendersItsArticles()
    {
        await StoreArticlesBeforeContentDeliveryAsync();

        await StartAppAsync();

        await AssertAllRenderedAsync();
    }

    [Fact]
    public async Task Migrate_AsTheEfToolsDo_RendersStoredArticles()
    {
        await StoreArticlesBeforeContentDeliveryAsync();

        // `dotnet ef database update` migrates synchronously.
        using (var context = BlogContexts.Create(Database.Sqlite, ConnectionString))
        {
            context.Database.Migrate();
        }

        await AssertAllRenderedAsync();
    }

    [Fact]
    public async Task AppStart_AfterABackfillStoppedHalfWay_RendersTheArticlesLeft()
    {
        await StoreArticlesBeforeContentDeliveryAsync();
        await using (var context = BlogContexts.Create(Database.Sqlite, ConnectionString))
        {
            await context.Database.MigrateAsync(Ct);
            // Rendered newest first, stopped after the newest: the two oldest still have the columns' defaults.
            await context.Database.ExecuteSqlRawAsync(
                """
                UPDATE "Articles" SET "BodyHtml" = '', "BodyPlainText" = '', "WordCount" = 0, "ReadingTimeMinutes" = 0,
                    "Excerpt" = '', "NormalizedSummary" = ''
                WHERE "Id" IN (1, 2)
                """,
                Ct);
        }

        await StartAppAsync();

        await AssertAllRenderedAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }

    /// <summary>A database at the migration before ContentDelivery, with <see cref="Stored"/> as articles 1, 2 and 3.</summary>
    private async Task StoreArticlesBeforeContentDeliveryAsync()
    {
        await using var context = BlogContexts.Create(Database.Sqlite, ConnectionString);
        var migrations = context.Database.GetMigrations().ToList();
        var before = migrations[migrations.FindIndex(m => m.EndsWith("_ContentDelivery", StringComparison.Ordinal)) - 1];
        await context.GetService<IMigrator>().MigrateAsync(before, Ct);

        for (var i = 0; i < Stored.Length; i++)
        {
            var id = i + 1;
            var (summary, body) = Stored[i];
            await context.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO "Articles" ("Id", "Title", "NormalizedTitle", "Slug", "Summary", "Body", "Status", "PublishedAt",
                    "CreatedAt", "UpdatedAt", "Version")
                VALUES ({id}, {"Article " + id}, {"ARTICLE " + id}, {"article-" + id}, {summary}, {body}, 1,
                    '2026-01-02 03:04:05', '2026-01-01 00:00:00', '2026-01-01 00:00:00', X'0102030405060708')
                """,
                Ct);
        }
    }

    private async Task StartAppAsync()
    {
        await using var factory = new ExistingFileFactory(ConnectionString);
        _ = factory.Services;
    }

    private async Task AssertAllRenderedAsync()
    {
        await using var context = BlogContexts.Create(Database.Sqlite, ConnectionString);
        var articles = await context.Articles.AsNoTracking().OrderBy(a => a.Id).ToListAsync(Ct);
        Assert.Equal(Stored.Length, articles.Count);
        for (var i = 0; i < Stored.Length; i++)
        {
            var (summary, body) = Stored[i];
            var expected = ArticleText.Render(body);
            var article = articles[i];
            Assert.Equal(expected.Html, article.BodyHtml);
            Assert.Equal(expected.PlainText, article.BodyPlainText);
            Assert.Equal(expected.WordCount, article.WordCount);
            Assert.Equal(expected.ReadingTimeMinutes, article.ReadingTimeMinutes);
            Assert.Equal(ArticleText.Excerpt(summary, expected.PlainText), article.Excerpt);
            Assert.Equal(summary.Trim().ToUpperInvariant(), article.NormalizedSummary);
            Assert.NotEqual("", article.BodyHtml);
        }
    }

    private sealed class ExistingFileFactory(string connectionString) : ApiFactory
    {
        public override string Provider => Database.Sqlite;

        public override string ConnectionString => connectionString;
    }
}
