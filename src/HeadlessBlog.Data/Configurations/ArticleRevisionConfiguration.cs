using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessBlog.Data.Configurations;

internal sealed class ArticleRevisionConfiguration : IEntityTypeConfiguration<ArticleRevision>
{
    public void Configure(EntityTypeBuilder<ArticleRevision> builder)
    {
        builder.ToTable("ArticleRevisions");
        builder.Property(r => r.Version).HasMaxLength(8);
        builder.Property(r => r.ActorName).HasMaxLength(100);
        builder.Property(r => r.ChangedFields).HasMaxLength(500);
        builder.Property(r => r.Title).HasMaxLength(Limits.TitleMaxLength);
        builder.Property(r => r.Slug).HasMaxLength(Limits.SlugMaxLength).IsOrdinalText();
        builder.Property(r => r.Summary).HasMaxLength(Limits.SummaryMaxLength);
        builder.Property(r => r.FeatureImageUrl).HasMaxLength(Limits.UrlMaxLength);
        ArticleMetadata.Configure(builder);
        builder.Property(r => r.Status).HasConversion<int>();

        // Unique: two writes of one article can never get the same number (they are serialized by its version).
        builder.HasIndex(r => new { r.ArticleId, r.Number }).IsUnique();
        // Retention by age.
        builder.HasIndex(r => r.CreatedAt);
        builder.HasOne(r => r.Article).WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}
