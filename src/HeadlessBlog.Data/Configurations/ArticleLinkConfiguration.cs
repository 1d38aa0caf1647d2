using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessBlog.Data.Configurations;

internal sealed class ArticleLinkConfiguration : IEntityTypeConfiguration<ArticleLink>
{
    public void Configure(EntityTypeBuilder<ArticleLink> builder)
    {
        builder.ToTable("ArticleLinks", t => t.HasCheckConstraint("CK_ArticleLinks_NoSelfLink", "\"SourceArticleId\" <> \"TargetArticleId\""));
        // One link per ordered pair.
        builder.HasKey(l => new { l.SourceArticleId, l.TargetArticleId });
        // SQL Server refuses a second cascade path from ArticleLinks to Articles:
        // links pointing at a deleted article are removed explicitly in the same transaction.
        builder.HasOne(l => l.Target).WithMany().HasForeignKey(l => l.TargetArticleId).OnDelete(DeleteBehavior.NoAction);
        builder.HasIndex(l => l.TargetArticleId);
    }
}
