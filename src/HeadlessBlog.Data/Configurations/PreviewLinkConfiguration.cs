using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessBlog.Data.Configurations;

internal sealed class PreviewLinkConfiguration : IEntityTypeConfiguration<PreviewLink>
{
    public void Configure(EntityTypeBuilder<PreviewLink> builder)
    {
        builder.ToTable("PreviewLinks");
        builder.Property(p => p.TokenHash).HasMaxLength(32);
        builder.HasIndex(p => p.TokenHash).IsUnique();
        // Deleting the article (for good) takes its links with it.
        builder.HasOne<Article>().WithMany().HasForeignKey(p => p.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}
