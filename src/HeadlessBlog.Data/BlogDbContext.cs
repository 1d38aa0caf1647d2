using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HeadlessBlog.Data;

public sealed class BlogDbContext : DbContext
{
    public BlogDbContext(DbContextOptions<BlogDbContext> options)
        : base(options)
    {
        // SQLite: EF Core gives each connection it creates its own SQL functions (decimal arithmetic, regexp), and
        // Microsoft.Data.Sqlite registers them on the database handle again at every open, each registration leaving a
        // handle for the finalizer: about 8 per open, which under load kept the finalizer thread busy for a third of
        // the CPU. The model uses none of them, so the context gets a plain connection of its own, which it keeps
        // when a pooled context is reused (EF Core disposes only connections it created).
        if (Database.IsSqlite() && RelationalOptionsExtension.Extract(options) is { Connection: null, ConnectionString: { } connectionString })
        {
            Database.SetDbConnection(new SqliteConnection(connectionString), contextOwnsConnection: false);
        }
    }

    public DbSet<Article> Articles => Set<Article>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<ArticleTag> ArticleTags => Set<ArticleTag>();
    public DbSet<ArticleTagList> ArticleTagLists => Set<ArticleTagList>();
    public DbSet<ArticleLink> ArticleLinks => Set<ArticleLink>();
    public DbSet<ArticleSlugRedirect> ArticleSlugRedirects => Set<ArticleSlugRedirect>();
    public DbSet<TagSlugRedirect> TagSlugRedirects => Set<TagSlugRedirect>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<ContentChange> ContentChanges => Set<ContentChange>();
    public DbSet<Webhook> Webhooks => Set<Webhook>();
    public DbSet<WebhookCursor> WebhookCursors => Set<WebhookCursor>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();
    public DbSet<PreviewLink> PreviewLinks => Set<PreviewLink>();
    public DbSet<ArticleRevision> ArticleRevisions => Set<ArticleRevision>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ImportJob> ImportJobs => Set<ImportJob>();
    public DbSet<ImportUpload> ImportUploads => Set<ImportUpload>();

    /// <summary>True when the database generates row versions itself (SQL Server rowversion).</summary>
    private bool DatabaseGeneratesVersions => Database.IsSqlServer();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BlogDbContext).Assembly);
        modelBuilder.Entity<ArticleRelatedList>().ToSqlQuery(ArticleRelatedList.Sql(sqlServer: Database.IsSqlServer()));
        OrdinalText.Apply(modelBuilder.Model, sqlServer: Database.IsSqlServer());
        if (Database.IsSqlServer())
        {
            OrdinalText.BracketCheckConstraints(modelBuilder.Model);
        }

        foreach (var entityType in modelBuilder.Model.GetEntityTypes()
                     .Where(t => typeof(IVersioned).IsAssignableFrom(t.ClrType)))
        {
            var version = modelBuilder.Entity(entityType.ClrType).Property(nameof(IVersioned.Version));
            if (DatabaseGeneratesVersions)
            {
                version.IsRowVersion();
            }
            else
            {
                // SQLite has no rowversion: the application writes a new random token on every save.
                version.IsConcurrencyToken().ValueGeneratedNever().HasMaxLength(8);
            }
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is stored and read back as UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        foreach (var article in ArticlesChangingVisibility())
        {
            article.Collection(a => a.Tags).Load();
        }

        CopyVisibilityToTags();
        StampVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        foreach (var article in ArticlesChangingVisibility())
        {
            await article.Collection(a => a.Tags).LoadAsync(cancellationToken);
        }

        CopyVisibilityToTags();
        StampVersions();
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Changed articles whose status or publication time changes while their tag assignments are not loaded.</summary>
    private List<EntityEntry<Article>> ArticlesChangingVisibility() =>
        ChangeTracker.Entries<Article>()
            .Where(e => e.State == EntityState.Modified
                && (e.Property(a => a.Status).IsModified || e.Property(a => a.PublishedAt).IsModified)
                && !e.Collection(a => a.Tags).IsLoaded)
            .ToList();

    /// <summary>Keeps <see cref="ArticleTag.ArticleStatus"/> and <see cref="ArticleTag.ArticlePublishedAt"/> equal to their article's.</summary>
    private void CopyVisibilityToTags()
    {
        foreach (var entry in ChangeTracker.Entries<ArticleTag>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Unchanged
                && entry.Entity.Article is { } article)
            {
                if (entry.Entity.ArticleStatus != article.Status)
                {
                    entry.Entity.ArticleStatus = article.Status;
                }

                if (entry.Entity.ArticlePublishedAt != article.PublishedAt)
                {
                    entry.Entity.ArticlePublishedAt = article.PublishedAt;
                }
            }
        }
    }

    private void StampVersions()
    {
        if (DatabaseGeneratesVersions)
        {
            return;
        }

        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                entry.Entity.Version = RandomNumberGenerator.GetBytes(8);
            }
        }
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
