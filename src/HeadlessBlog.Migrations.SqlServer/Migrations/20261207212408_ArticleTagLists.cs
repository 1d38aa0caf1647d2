using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessBlog.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ArticleTagLists : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ArticleTagLists",
                columns: table => new
                {
                    ArticleId = table.Column<int>(type: "int", nullable: false),
                    Tags = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArticleTagLists", x => x.ArticleId);
                    table.ForeignKey(
                        name: "FK_ArticleTagLists_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Every article's tags in order, as the app writes them from now on (ArticleTagList.UpsertSql).
            // Through EXEC: a migrations script sends this migration as one batch, compiled before the table exists.
            migrationBuilder.Sql(
                """
                EXEC(N'INSERT INTO [ArticleTagLists] ([ArticleId], [Tags])
                SELECT [a].[Id], ISNULL((SELECT [t].[Id] AS [id], [t].[Name] AS [name], [t].[Slug] AS [slug]
                    FROM [ArticleTags] AS [at] INNER JOIN [Tags] AS [t] ON [t].[Id] = [at].[TagId]
                    WHERE [at].[ArticleId] = [a].[Id]
                    ORDER BY [at].[Position], [at].[TagId]
                    FOR JSON PATH), N''[]'')
                FROM [Articles] AS [a];');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ArticleTagLists");
        }
    }
}
