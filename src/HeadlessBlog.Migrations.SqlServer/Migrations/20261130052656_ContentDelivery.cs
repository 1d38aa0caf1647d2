using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessBlog.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ContentDelivery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BodyHtml",
                table: "Articles",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "BodyPlainText",
                table: "Articles",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Excerpt",
                table: "Articles",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "NormalizedSummary",
                table: "Articles",
                type: "nvarchar(1500)",
                maxLength: 1500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "ReadingTimeMinutes",
                table: "Articles",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "WordCount",
                table: "Articles",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ArticleSlugRedirects",
                columns: table => new
                {
                    Slug = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ArticleId = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArticleSlugRedirects", x => x.Slug);
                    table.ForeignKey(
                        name: "FK_ArticleSlugRedirects_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TagSlugRedirects",
                columns: table => new
                {
                    Slug = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    TagId = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TagSlugRedirects", x => x.Slug);
                    table.ForeignKey(
                        name: "FK_TagSlugRedirects_Tags_TagId",
                        column: x => x.TagId,
                        principalTable: "Tags",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ArticleSlugRedirects_ArticleId",
                table: "ArticleSlugRedirects",
                column: "ArticleId");

            migrationBuilder.CreateIndex(
                name: "IX_TagSlugRedirects_TagId",
                table: "TagSlugRedirects",
                column: "TagId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ArticleSlugRedirects");

            migrationBuilder.DropTable(
                name: "TagSlugRedirects");

            migrationBuilder.DropColumn(
                name: "BodyHtml",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "BodyPlainText",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "Excerpt",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "NormalizedSummary",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "ReadingTimeMinutes",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "WordCount",
                table: "Articles");
        }
    }
}
