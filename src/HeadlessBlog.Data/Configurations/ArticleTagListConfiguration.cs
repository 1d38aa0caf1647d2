using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessBlog.Data.Configurations;

internal sealed class ArticleTagListConfiguration : IEntityTypeConfiguration<ArticleTagList>
{
    public void Configure(EntityTypeBuilder<ArticleTagList> builder)
    {
        builder.ToTable("ArticleTagLists");
        builder.HasKey(l => l.ArticleId);
        builder.Property(l => l.ArticleId).ValueGeneratedNever();
        builder.HasOne(l => l.Article).WithOne(a => a.TagList).HasForeignKey<ArticleTagList>(l => l.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}
