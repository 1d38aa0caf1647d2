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
        builder.Property(r => r.FeatureImageAlt).HasMaxLength(Limits.MetaDescriptionMaxLength);
        builder.Property(r => r.FeatureImageCaption).HasMaxLength(Limits.CaptionMaxLength);
        builder.Property(r => r.MetaTitle).HasMaxLength(Limits.MetaTitleMaxLength);
        builder.Property(r => r.MetaDescription).HasMaxLength(Limits.MetaDescriptionMaxLength);
        builder.Property(r => r.CanonicalUrl).HasMaxLength(Limits.UrlMaxLength);
        builder.Property(r => r.OgImageUrl).HasMaxLength(Limits.UrlMaxLength);
        builder.Property(r => r.OgTitle).HasMaxLength(Limits.MetaTitleMaxLength);
        builder.Property(r => r.OgDescription).HasMaxLength(Limits.MetaDescriptionMaxLength);
        builder.Property(r => r.TwitterImageUrl).HasMaxLength(Limits.UrlMaxLength);
        builder.Property(r => r.TwitterTitle).HasMaxLength(Limits.MetaTitleMaxLength);
        builder.Property(r => r.TwitterDescription).HasMaxLength(Limits.MetaDescriptionMaxLength);
        builder.Property(r => r.Status).HasConversion<int>();

        // Unique: two writes of one article can never get the same number (they are serialized by its version).
        builder.HasIndex(r => new { r.ArticleId, r.Number }).IsUnique();
        // Retention by age.
        builder.HasIndex(r => r.CreatedAt);
        builder.HasOne(r => r.Article).WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}
