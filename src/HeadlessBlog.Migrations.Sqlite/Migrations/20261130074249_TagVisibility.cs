using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessBlog.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TagVisibility : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ArticleTags_TagId_ArticleId",
                table: "ArticleTags");

            migrationBuilder.AddColumn<DateTime>(
                name: "ArticlePublishedAt",
                table: "ArticleTags",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ArticleStatus",
                table: "ArticleTags",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Existing assignments take their article's current status and publication time.
            migrationBuilder.Sql(
                """
                UPDATE "ArticleTags"
                SET "ArticleStatus" = (SELECT "a"."Status" FROM "Articles" AS "a" WHERE "a"."Id" = "ArticleTags"."ArticleId"),
                    "ArticlePublishedAt" = (SELECT "a"."PublishedAt" FROM "Articles" AS "a" WHERE "a"."Id" = "ArticleTags"."ArticleId");
                """);

            migrationBuilder.CreateIndex(
                name: "IX_ArticleTags_TagId_ArticleStatus_ArticlePublishedAt_ArticleId",
                table: "ArticleTags",
                columns: new[] { "TagId", "ArticleStatus", "ArticlePublishedAt", "ArticleId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ArticleTags_TagId_ArticleStatus_ArticlePublishedAt_ArticleId",
                table: "ArticleTags");

            migrationBuilder.DropColumn(
                name: "ArticlePublishedAt",
                table: "ArticleTags");

            migrationBuilder.DropColumn(
                name: "ArticleStatus",
                table: "ArticleTags");

            migrationBuilder.CreateIndex(
                name: "IX_ArticleTags_TagId_ArticleId",
                table: "ArticleTags",
                columns: new[] { "TagId", "ArticleId" });
        }
    }
}
