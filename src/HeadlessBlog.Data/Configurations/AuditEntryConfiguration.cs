using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessBlog.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.Property(e => e.Type).HasMaxLength(40);
        builder.Property(e => e.Entity).HasMaxLength(16);
        builder.Property(e => e.ChangedFields).HasMaxLength(500);
        builder.Property(e => e.ActorName).HasMaxLength(100);
        // Newest first, and retention purges by age.
        builder.HasIndex(e => new { e.OccurredAt, e.Id });
        // One entity's history; one key's doings.
        builder.HasIndex(e => new { e.Entity, e.EntityId, e.OccurredAt });
        builder.HasIndex(e => new { e.ActorKeyId, e.OccurredAt });
    }
}
