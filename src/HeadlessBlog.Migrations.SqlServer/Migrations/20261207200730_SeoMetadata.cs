using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessBlog.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class SeoMetadata : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FeatureImageUrl",
                table: "Tags",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MetaDescription",
                table: "Tags",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MetaTitle",
                table: "Tags",
                type: "nvarchar(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CanonicalUrl",
                table: "Articles",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FeatureImageAlt",
                table: "Articles",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FeatureImageCaption",
                table: "Articles",
                type: "nvarchar(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FeatureImageCaptionHtml",
                table: "Articles",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MetaDescription",
                table: "Articles",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MetaTitle",
                table: "Articles",
                type: "nvarchar(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OgDescription",
                table: "Articles",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OgImageUrl",
                table: "Articles",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OgTitle",
                table: "Articles",
                type: "nvarchar(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TwitterDescription",
                table: "Articles",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TwitterImageUrl",
                table: "Articles",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TwitterTitle",
                table: "Articles",
                type: "nvarchar(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CanonicalUrl",
                table: "ArticleRevisions",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FeatureImageAlt",
                table: "ArticleRevisions",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FeatureImageCaption",
                table: "ArticleRevisions",
                type: "nvarchar(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MetaDescription",
                table: "ArticleRevisions",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MetaTitle",
                table: "ArticleRevisions",
                type: "nvarchar(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OgDescription",
                table: "ArticleRevisions",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OgImageUrl",
                table: "ArticleRevisions",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OgTitle",
                table: "ArticleRevisions",
                type: "nvarchar(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TwitterDescription",
                table: "ArticleRevisions",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TwitterImageUrl",
                table: "ArticleRevisions",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TwitterTitle",
                table: "ArticleRevisions",
                type: "nvarchar(300)",
                maxLength: 300,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FeatureImageUrl",
                table: "Tags");

            migrationBuilder.DropColumn(
                name: "MetaDescription",
                table: "Tags");

            migrationBuilder.DropColumn(
                name: "MetaTitle",
                table: "Tags");

            migrationBuilder.DropColumn(
                name: "CanonicalUrl",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "FeatureImageAlt",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "FeatureImageCaption",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "FeatureImageCaptionHtml",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "MetaDescription",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "MetaTitle",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "OgDescription",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "OgImageUrl",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "OgTitle",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "TwitterDescription",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "TwitterImageUrl",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "TwitterTitle",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "CanonicalUrl",
                table: "ArticleRevisions");

            migrationBuilder.DropColumn(
                name: "FeatureImageAlt",
                table: "ArticleRevisions");

            migrationBuilder.DropColumn(
                name: "FeatureImageCaption",
                table: "ArticleRevisions");

            migrationBuilder.DropColumn(
                name: "MetaDescription",
                table: "ArticleRevisions");

            migrationBuilder.DropColumn(
                name: "MetaTitle",
                table: "ArticleRevisions");

            migrationBuilder.DropColumn(
                name: "OgDescription",
                table: "ArticleRevisions");

            migrationBuilder.DropColumn(
                name: "OgImageUrl",
                table: "ArticleRevisions");

            migrationBuilder.DropColumn(
                name: "OgTitle",
                table: "ArticleRevisions");

            migrationBuilder.DropColumn(
                name: "TwitterDescription",
                table: "ArticleRevisions");

            migrationBuilder.DropColumn(
                name: "TwitterImageUrl",
                table: "ArticleRevisions");

            migrationBuilder.DropColumn(
                name: "TwitterTitle",
                table: "ArticleRevisions");
        }
    }
}
