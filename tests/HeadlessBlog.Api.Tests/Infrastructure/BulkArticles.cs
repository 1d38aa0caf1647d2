using Microsoft.Data.Sqlite;

namespace HeadlessBlog.Api.Tests.Infrastructure;

/// <summary>
/// Many articles in one SQL statement, for tests of sizes the API would take minutes to write one by one: slugs
/// <c>bulk-1</c> … <c>bulk-N</c>, published on 2026-01-01 (every second one a draft when asked). SQLite's dialect.
/// </summary>
public static class BulkArticles
{
    public static async Task InsertAsync(string connectionString, int count, int bodyLength = 1, bool everySecondADraft = false)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
            INSERT INTO "Articles" ("Title", "NormalizedTitle", "Slug", "NormalizedSummary", "Body", "BodyHtml", "BodyPlainText",
                "Excerpt", "WordCount", "ReadingTimeMinutes", "Status", "PublishedAt", "CreatedAt", "UpdatedAt", "Version")
            SELECT 'Bulk ' || i, 'bulk ' || i, 'bulk-' || i, '', printf('%.{bodyLength}c', 'x'), '<p>x</p>', 'x', 'x', 1, 1,
                {(everySecondADraft ? "i % 2" : "1")}, '2026-01-01 00:00:00', '2026-01-01 00:00:00', '2026-01-01 00:00:00', randomblob(8)
            FROM n
            """;
        await command.ExecuteNonQueryAsync();
    }
}
