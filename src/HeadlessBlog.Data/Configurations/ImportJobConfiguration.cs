using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessBlog.Data.Configurations;

internal sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> builder)
    {
        builder.ToTable("ImportJobs");
        builder.Property(j => j.Id).ValueGeneratedNever();
        builder.Property(j => j.Format).HasMaxLength(16);
        builder.Property(j => j.Status).HasMaxLength(16);
        builder.Property(j => j.OnConflict).HasMaxLength(16);
        builder.Property(j => j.Error).HasMaxLength(2000);
        builder.Property(j => j.ActorName).HasMaxLength(100);
        // The jobs a restart interrupted (queued or running), found at startup.
        builder.HasIndex(j => j.Status);
        builder.HasOne<ImportUpload>().WithOne().HasForeignKey<ImportUpload>(u => u.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
