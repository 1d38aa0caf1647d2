using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessBlog.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ReorderArticleColumns : Migration
    {
        /// <summary>
        /// Rebuilds Articles with the three bodies (tens of KB each) as its last columns. SQLite stores a row's
        /// columns in order and walks the row's overflow pages to reach a column behind a large one, so with the
        /// bodies in front of Status, PublishedAt, Excerpt and the counts, every list, filter and tag count read
        /// the bodies too. Column order is a storage detail: the model and SQL Server are unchanged.
        /// </summary>
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // As EF Core's own table rebuilds do: foreign keys off (outside the transaction), so that dropping the
            // old table does not cascade into tags, links and redirects, and checked again afterwards.
            migrationBuilder.Sql("PRAGMA foreign_keys = 0;", suppressTransaction: true);
            migrationBuilder.Sql("""
                CREATE TABLE "ef_temp_Articles" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_Articles" PRIMARY KEY AUTOINCREMENT,
                    "Title" TEXT NOT NULL,
                    "NormalizedTitle" TEXT NOT NULL,
                    "Slug" TEXT NOT NULL,
                    "Summary" TEXT NULL,
                    "NormalizedSummary" TEXT NOT NULL,
                    "Excerpt" TEXT NOT NULL,
                    "WordCount" INTEGER NOT NULL,
                    "ReadingTimeMinutes" INTEGER NOT NULL,
                    "FeatureImageUrl" TEXT NULL,
                    "Status" INTEGER NOT NULL,
                    "PublishedAt" TEXT NULL,
                    "CreatedAt" TEXT NOT NULL,
                    "UpdatedAt" TEXT NOT NULL,
                    "Version" BLOB NOT NULL,
                    "Body" TEXT NOT NULL,
                    "BodyHtml" TEXT NOT NULL,
                    "BodyPlainText" TEXT NOT NULL
                );
                """);
            migrationBuilder.Sql("""INSERT INTO "ef_temp_Articles" ("Id", "Title", "NormalizedTitle", "Slug", "Summary", "NormalizedSummary", "Excerpt", "WordCount", "ReadingTimeMinutes", "FeatureImageUrl", "Status", "PublishedAt", "CreatedAt", "UpdatedAt", "Version", "Body", "BodyHtml", "BodyPlainText") SELECT "Id", "Title", "NormalizedTitle", "Slug", "Summary", "NormalizedSummary", "Excerpt", "WordCount", "ReadingTimeMinutes", "FeatureImageUrl", "Status", "PublishedAt", "CreatedAt", "UpdatedAt", "Version", "Body", "BodyHtml", "BodyPlainText" FROM "Articles";""");
            migrationBuilder.Sql("""DROP TABLE "Articles";""");
            migrationBuilder.Sql("""ALTER TABLE "ef_temp_Articles" RENAME TO "Articles";""");
            migrationBuilder.Sql("""CREATE UNIQUE INDEX "IX_Articles_Slug" ON "Articles" ("Slug");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Articles_Status_PublishedAt_Id" ON "Articles" ("Status", "PublishedAt", "Id");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Articles_Status_UpdatedAt_Id" ON "Articles" ("Status", "UpdatedAt", "Id");""");
            migrationBuilder.Sql("PRAGMA foreign_keys = 1;", suppressTransaction: true);
            migrationBuilder.Sql("PRAGMA foreign_key_check;", suppressTransaction: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to undo: the columns and their meaning are the same in either order.
        }
    }
}
