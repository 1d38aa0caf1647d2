using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessBlog.Data.Configurations;

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> builder)
    {
        builder.ToTable("Webhooks");
        builder.Property(w => w.Url).HasMaxLength(Limits.UrlMaxLength);
        builder.Property(w => w.Description).HasMaxLength(Limits.DescriptionMaxLength);
        builder.Property(w => w.Events).HasMaxLength(Limits.WebhookEventsMaxLength).IsOrdinalText();
        builder.Property(w => w.Format).HasMaxLength(16);
        builder.Property(w => w.DisabledReason).HasMaxLength(500);
        builder.Property(w => w.Secret).HasMaxLength(100);
        builder.Property(w => w.PreviousSecret).HasMaxLength(100);
        // Deleting an endpoint deletes its deliveries: nothing pending of it is attempted again.
        builder.HasOne(w => w.Cursor).WithOne().HasForeignKey<WebhookCursor>(c => c.WebhookId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany<WebhookDelivery>().WithOne().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
    }
}
