using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessBlog.Migrations.SqlServer.Migrations
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
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ArticleStatus",
                table: "ArticleTags",
                type: "int",
                nullable: false,
                defaultValue: 0);

            // Existing assignments take their article's current status and publication time.
            // Through EXEC: a migrations script sends this migration as one batch, which SQL Server compiles
            // before the two columns above exist (Msg 207 "Invalid column name"); EXEC compiles it when it runs.
            migrationBuilder.Sql(
                """
                EXEC(N'UPDATE [at]
                SET [at].[ArticleStatus] = [a].[Status], [at].[ArticlePublishedAt] = [a].[PublishedAt]
                FROM [ArticleTags] AS [at]
                INNER JOIN [Articles] AS [a] ON [a].[Id] = [at].[ArticleId];');
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
