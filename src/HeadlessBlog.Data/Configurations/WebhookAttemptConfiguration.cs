using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessBlog.Data.Configurations;

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> builder)
    {
        builder.ToTable("WebhookAttempts");
        builder.Property(a => a.ResponseBody).HasMaxLength(4096);
        builder.Property(a => a.Error).HasMaxLength(1000);
        builder.HasIndex(a => new { a.DeliveryId, a.Number }).IsUnique();
    }
}
