using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessBlog.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ChangeLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ContentChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Type = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Entity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    EntityId = table.Column<int>(type: "INTEGER", nullable: false),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PreviousSlug = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ChangedFields = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    WasVisible = table.Column<bool>(type: "INTEGER", nullable: false),
                    Visible = table.Column<bool>(type: "INTEGER", nullable: false),
                    VisibleFrom = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Fulfils = table.Column<long>(type: "INTEGER", nullable: true),
                    ActorKeyId = table.Column<int>(type: "INTEGER", nullable: true),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContentChanges", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ContentChanges_Entity_EntityId_Id",
                table: "ContentChanges",
                columns: new[] { "Entity", "EntityId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ContentChanges_Fulfils",
                table: "ContentChanges",
                column: "Fulfils",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ContentChanges_OccurredAt",
                table: "ContentChanges",
                column: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "IX_ContentChanges_VisibleFrom",
                table: "ContentChanges",
                column: "VisibleFrom");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ContentChanges");
        }
    }
}
