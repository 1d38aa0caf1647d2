using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessBlog.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class OrdinalText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "CK_ArticleLinks_NoSelfLink",
                table: "ArticleLinks");

            // SQL Server cannot change the collation of a column that a primary key or statistics depend on (Msg 5074);
            // EF rebuilds the indexes itself.
            DropStatistics(migrationBuilder);
            migrationBuilder.DropPrimaryKey(name: "PK_TagSlugRedirects", table: "TagSlugRedirects");
            migrationBuilder.DropPrimaryKey(name: "PK_ArticleSlugRedirects", table: "ArticleSlugRedirects");

            migrationBuilder.AlterColumn<string>(
                name: "Slug",
                table: "TagSlugRedirects",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(200)",
                oldMaxLength: 200);

            migrationBuilder.AlterColumn<string>(
                name: "Slug",
                table: "Tags",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(200)",
                oldMaxLength: 200);

            migrationBuilder.AlterColumn<string>(
                name: "NormalizedName",
                table: "Tags",
                type: "nvarchar(192)",
                maxLength: 192,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(192)",
                oldMaxLength: 192);

            migrationBuilder.AlterColumn<string>(
                name: "Slug",
                table: "ArticleSlugRedirects",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(200)",
                oldMaxLength: 200);

            migrationBuilder.AlterColumn<string>(
                name: "Slug",
                table: "Articles",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(200)",
                oldMaxLength: 200);

            migrationBuilder.AlterColumn<string>(
                name: "NormalizedTitle",
                table: "Articles",
                type: "nvarchar(600)",
                maxLength: 600,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(600)",
                oldMaxLength: 600);

            migrationBuilder.AlterColumn<string>(
                name: "NormalizedSummary",
                table: "Articles",
                type: "nvarchar(1500)",
                maxLength: 1500,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(1500)",
                oldMaxLength: 1500);

            migrationBuilder.AddPrimaryKey(name: "PK_TagSlugRedirects", table: "TagSlugRedirects", column: "Slug");
            migrationBuilder.AddPrimaryKey(name: "PK_ArticleSlugRedirects", table: "ArticleSlugRedirects", column: "Slug");

            migrationBuilder.AddCheckConstraint(
                name: "CK_ArticleLinks_NoSelfLink",
                table: "ArticleLinks",
                sql: "[SourceArticleId] <> [TargetArticleId]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "CK_ArticleLinks_NoSelfLink",
                table: "ArticleLinks");

            // SQL Server cannot change the collation of a column that a primary key or statistics depend on (Msg 5074);
            // EF rebuilds the indexes itself.
            DropStatistics(migrationBuilder);
            migrationBuilder.DropPrimaryKey(name: "PK_TagSlugRedirects", table: "TagSlugRedirects");
            migrationBuilder.DropPrimaryKey(name: "PK_ArticleSlugRedirects", table: "ArticleSlugRedirects");

            migrationBuilder.AlterColumn<string>(
                name: "Slug",
                table: "TagSlugRedirects",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(200)",
                oldMaxLength: 200,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AlterColumn<string>(
                name: "Slug",
                table: "Tags",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(200)",
                oldMaxLength: 200,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AlterColumn<string>(
                name: "NormalizedName",
                table: "Tags",
                type: "nvarchar(192)",
                maxLength: 192,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(192)",
                oldMaxLength: 192,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AlterColumn<string>(
                name: "Slug",
                table: "ArticleSlugRedirects",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(200)",
                oldMaxLength: 200,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AlterColumn<string>(
                name: "Slug",
                table: "Articles",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(200)",
                oldMaxLength: 200,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AlterColumn<string>(
                name: "NormalizedTitle",
                table: "Articles",
                type: "nvarchar(600)",
                maxLength: 600,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(600)",
                oldMaxLength: 600,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AlterColumn<string>(
                name: "NormalizedSummary",
                table: "Articles",
                type: "nvarchar(1500)",
                maxLength: 1500,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(1500)",
                oldMaxLength: 1500,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AddPrimaryKey(name: "PK_TagSlugRedirects", table: "TagSlugRedirects", column: "Slug");
            migrationBuilder.AddPrimaryKey(name: "PK_ArticleSlugRedirects", table: "ArticleSlugRedirects", column: "Slug");

            migrationBuilder.AddCheckConstraint(
                name: "CK_ArticleLinks_NoSelfLink",
                table: "ArticleLinks",
                sql: "[SourceArticleId] <> [TargetArticleId]");
        }

        /// <summary>Drops the statistics (automatic or created by hand) on the columns whose collation changes.</summary>
        private static void DropStatistics(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql(
                """
                DECLARE @dropStatistics nvarchar(max) = N'';
                SELECT @dropStatistics += N'DROP STATISTICS ' + QUOTENAME(OBJECT_NAME([s].[object_id])) + N'.' + QUOTENAME([s].[name]) + N';'
                FROM [sys].[stats] AS [s]
                INNER JOIN [sys].[stats_columns] AS [sc] ON [sc].[object_id] = [s].[object_id] AND [sc].[stats_id] = [s].[stats_id]
                INNER JOIN [sys].[columns] AS [c] ON [c].[object_id] = [sc].[object_id] AND [c].[column_id] = [sc].[column_id]
                WHERE ([s].[auto_created] = 1 OR [s].[user_created] = 1)
                    AND ([s].[object_id] IN (OBJECT_ID(N'[ArticleSlugRedirects]'), OBJECT_ID(N'[TagSlugRedirects]')) AND [c].[name] = N'Slug'
                        OR [s].[object_id] = OBJECT_ID(N'[Tags]') AND [c].[name] IN (N'Slug', N'NormalizedName')
                        OR [s].[object_id] = OBJECT_ID(N'[Articles]') AND [c].[name] IN (N'Slug', N'NormalizedTitle', N'NormalizedSummary'));
                EXEC(@dropStatistics);
                """);
    }
}
