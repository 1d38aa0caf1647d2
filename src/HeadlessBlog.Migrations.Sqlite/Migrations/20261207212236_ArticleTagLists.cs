using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessBlog.Migrations.Sqlite.Migrations
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
                    ArticleId = table.Column<int>(type: "INTEGER", nullable: false),
                    Tags = table.Column<string>(type: "TEXT", nullable: false)
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
            migrationBuilder.Sql(
                """
                INSERT INTO "ArticleTagLists" ("ArticleId", "Tags")
                SELECT "a"."Id", (
                    SELECT json_group_array(json_object('id', "t"."Id", 'name', "t"."Name", 'slug', "t"."Slug") ORDER BY "at"."Position", "at"."TagId")
                    FROM "ArticleTags" AS "at" INNER JOIN "Tags" AS "t" ON "t"."Id" = "at"."TagId"
                    WHERE "at"."ArticleId" = "a"."Id")
                FROM "Articles" AS "a";
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
