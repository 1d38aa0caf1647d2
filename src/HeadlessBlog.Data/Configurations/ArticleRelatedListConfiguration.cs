using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessBlog.Data.Configurations;

/// <summary>Keyed by its article; its SQL, which depends on the provider, is set by <see cref="BlogDbContext"/>.</summary>
internal sealed class ArticleRelatedListConfiguration : IEntityTypeConfiguration<ArticleRelatedList>
{
    public void Configure(EntityTypeBuilder<ArticleRelatedList> builder)
    {
        builder.HasKey(l => l.ArticleId);
        builder.HasOne(l => l.Article).WithOne(a => a.RelatedList).HasForeignKey<ArticleRelatedList>(l => l.ArticleId);
    }
}
