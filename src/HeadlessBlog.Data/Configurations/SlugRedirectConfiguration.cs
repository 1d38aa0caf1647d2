using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessBlog.Data.Configurations;

internal sealed class ArticleSlugRedirectConfiguration : IEntityTypeConfiguration<ArticleSlugRedirect>
{
    public void Configure(EntityTypeBuilder<ArticleSlugRedirect> builder)
    {
        builder.ToTable("ArticleSlugRedirects");
        builder.HasKey(r => r.Slug);
        builder.Property(r => r.Slug).HasMaxLength(Limits.SlugMaxLength).IsOrdinalText();
        builder.HasOne(r => r.Article).WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TagSlugRedirectConfiguration : IEntityTypeConfiguration<TagSlugRedirect>
{
    public void Configure(EntityTypeBuilder<TagSlugRedirect> builder)
    {
        builder.ToTable("TagSlugRedirects");
        builder.HasKey(r => r.Slug);
        builder.Property(r => r.Slug).HasMaxLength(Limits.SlugMaxLength).IsOrdinalText();
        builder.HasOne(r => r.Tag).WithMany().HasForeignKey(r => r.TagId).OnDelete(DeleteBehavior.Cascade);
    }
}
