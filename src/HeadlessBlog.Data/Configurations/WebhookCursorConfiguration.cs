using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessBlog.Data.Configurations;

internal sealed class WebhookCursorConfiguration : IEntityTypeConfiguration<WebhookCursor>
{
    public void Configure(EntityTypeBuilder<WebhookCursor> builder)
    {
        builder.ToTable("WebhookCursors");
        builder.HasKey(c => c.WebhookId);
        builder.Property(c => c.WebhookId).ValueGeneratedNever();
    }
}
