using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessBlog.Data.Configurations;

internal sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> builder)
    {
        builder.ToTable("Articles");
        builder.Property(a => a.Title).HasMaxLength(Limits.TitleMaxLength);
        builder.Property(a => a.NormalizedTitle).HasMaxLength(Limits.TitleMaxLength * 3).IsOrdinalText();
        builder.Property(a => a.Slug).HasMaxLength(Limits.SlugMaxLength).IsOrdinalText();
        builder.Property(a => a.Summary).HasMaxLength(Limits.SummaryMaxLength);
        builder.Property(a => a.NormalizedSummary).HasMaxLength(Limits.SummaryMaxLength * 3).IsOrdinalText();
        builder.Property(a => a.Body);
        builder.Property(a => a.Excerpt).HasMaxLength(Limits.ExcerptMaxLength);
        builder.Property(a => a.FeatureImageUrl).HasMaxLength(Limits.UrlMaxLength);
        ArticleMetadata.Configure(builder);
        builder.Property(a => a.Status).HasConversion<int>();

        builder.HasIndex(a => a.Slug).IsUnique();
        // Public lists: published articles, newest first.
        builder.HasIndex(a => new { a.Status, a.PublishedAt, a.Id });
        // Draft lists order by the last change.
        builder.HasIndex(a => new { a.Status, a.UpdatedAt, a.Id });

        builder.HasMany(a => a.Tags).WithOne(t => t.Article).HasForeignKey(t => t.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.RelatedLinks).WithOne(l => l.Source).HasForeignKey(l => l.SourceArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}
