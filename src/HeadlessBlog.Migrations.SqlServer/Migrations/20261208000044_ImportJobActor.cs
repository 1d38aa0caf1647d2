using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessBlog.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ImportJobActor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ActorKeyId",
                table: "ImportJobs",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ActorName",
                table: "ImportJobs",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ActorKeyId",
                table: "ImportJobs");

            migrationBuilder.DropColumn(
                name: "ActorName",
                table: "ImportJobs");
        }
    }
}
