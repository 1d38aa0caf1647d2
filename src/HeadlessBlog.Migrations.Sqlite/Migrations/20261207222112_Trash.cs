using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessBlog.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Trash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Articles_Status_PublishedAt_Id",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_Articles_Status_UpdatedAt_Id",
                table: "Articles");

            migrationBuilder.AddColumn<DateTime>(
                name: "DeletedAt",
                table: "Articles",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DeletedByKeyId",
                table: "Articles",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeletedByName",
                table: "Articles",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TrashedRelations",
                table: "Articles",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Articles_DeletedAt",
                table: "Articles",
                column: "DeletedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Articles_Status_PublishedAt_Id_DeletedAt",
                table: "Articles",
                columns: new[] { "Status", "PublishedAt", "Id", "DeletedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_Status_UpdatedAt_Id_DeletedAt",
                table: "Articles",
                columns: new[] { "Status", "UpdatedAt", "Id", "DeletedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Articles_DeletedAt",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_Articles_Status_PublishedAt_Id_DeletedAt",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_Articles_Status_UpdatedAt_Id_DeletedAt",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "DeletedByKeyId",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "DeletedByName",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "TrashedRelations",
                table: "Articles");

            migrationBuilder.CreateIndex(
                name: "IX_Articles_Status_PublishedAt_Id",
                table: "Articles",
                columns: new[] { "Status", "PublishedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_Status_UpdatedAt_Id",
                table: "Articles",
                columns: new[] { "Status", "UpdatedAt", "Id" });
        }
    }
}
