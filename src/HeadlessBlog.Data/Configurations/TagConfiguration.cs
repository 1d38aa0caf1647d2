using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessBlog.Data.Configurations;

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> builder)
    {
        builder.ToTable("Tags");
        builder.Property(t => t.Name).HasMaxLength(Limits.TagNameMaxLength);
        builder.Property(t => t.NormalizedName).HasMaxLength(Limits.TagNameMaxLength * 3).IsOrdinalText();
        builder.Property(t => t.Slug).HasMaxLength(Limits.SlugMaxLength).IsOrdinalText();
        builder.Property(t => t.Description).HasMaxLength(Limits.DescriptionMaxLength);
        builder.Property(t => t.MetaTitle).HasMaxLength(Limits.MetaTitleMaxLength);
        builder.Property(t => t.MetaDescription).HasMaxLength(Limits.MetaDescriptionMaxLength);
        builder.Property(t => t.FeatureImageUrl).HasMaxLength(Limits.UrlMaxLength);

        builder.HasIndex(t => t.NormalizedName).IsUnique();
        builder.HasIndex(t => t.Slug).IsUnique();

        builder.HasMany(t => t.Articles).WithOne(at => at.Tag).HasForeignKey(at => at.TagId).OnDelete(DeleteBehavior.Cascade);
    }
}
