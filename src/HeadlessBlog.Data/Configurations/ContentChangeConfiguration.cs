using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessBlog.Data.Configurations;

internal sealed class ContentChangeConfiguration : IEntityTypeConfiguration<ContentChange>
{
    public void Configure(EntityTypeBuilder<ContentChange> builder)
    {
        builder.ToTable("ContentChanges");
        builder.Property(c => c.Type).HasMaxLength(40);
        builder.Property(c => c.Entity).HasMaxLength(16);
        builder.Property(c => c.Slug).HasMaxLength(Limits.SlugMaxLength).IsOrdinalText();
        builder.Property(c => c.PreviousSlug).HasMaxLength(Limits.SlugMaxLength).IsOrdinalText();
        builder.Property(c => c.ChangedFields).HasMaxLength(500);
        builder.Property(c => c.ActorName).HasMaxLength(100);
        // An entity's latest event (sync, the scheduler), and the scheduled publications still to record.
        builder.HasIndex(c => new { c.Entity, c.EntityId, c.Id });
        builder.HasIndex(c => c.VisibleFrom);
        builder.HasIndex(c => c.Fulfils).IsUnique();
        // Retention purges by age.
        builder.HasIndex(c => c.OccurredAt);
    }
}
