using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessBlog.Data.Configurations;

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.Property(d => d.MessageId).HasMaxLength(64).IsOrdinalText();
        builder.Property(d => d.EventType).HasMaxLength(40);
        builder.Property(d => d.Status).HasMaxLength(16);
        builder.Property(d => d.LastError).HasMaxLength(1000);
        builder.Property(d => d.LeasedBy).HasMaxLength(32).IsOrdinalText();
        // An event is delivered to an endpoint once, whichever instance creates the delivery first.
        builder.HasIndex(d => new { d.WebhookId, d.ChangeId }).IsUnique();
        // The deliveries due (the dispatcher's query) and an endpoint's log, newest first.
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => new { d.WebhookId, d.Id });
        builder.HasMany<WebhookAttempt>().WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}
