using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessBlog.Data.Configurations;

internal sealed class ArticleTagConfiguration : IEntityTypeConfiguration<ArticleTag>
{
    public void Configure(EntityTypeBuilder<ArticleTag> builder)
    {
        builder.ToTable("ArticleTags");
        builder.HasKey(at => new { at.ArticleId, at.TagId });
        builder.Property(at => at.ArticleStatus).HasConversion<int>();
        // Tag pages, tag article counts and suggestions: the visible articles of one tag, newest first, read from
        // this index alone (the article's status and publication time are copied here).
        builder.HasIndex(at => new { at.TagId, at.ArticleStatus, at.ArticlePublishedAt, at.ArticleId });
    }
}
