using HeadlessBlog.Api.Content;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HeadlessBlog.Api.Hosting;

/// <summary>Database provider selection, migrations at startup and the development key.</summary>
public static class Database
{
    public const string Sqlite = "Sqlite";
    public const string SqlServer = "SqlServer";
    public const string ConnectionStringName = "Blog";

    public static IServiceCollection AddBlogDatabase(this IServiceCollection services)
    {
        // Configuration is read when the options are built (once: they are shared by the pooled contexts), so hosts and
        // tests can override it late. Pooling reuses contexts instead of building one, and its options, per request.
        services.AddDbContextPool<BlogDbContext>((sp, options) =>
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            var environment = sp.GetRequiredService<IHostEnvironment>();
            Configure(options, configuration, environment.ContentRootPath);
            options.AddInterceptors(sp.GetServices<IInterceptor>());
        });
        return services;
    }

    public static void Configure(DbContextOptionsBuilder options, IConfiguration configuration, string contentRoot)
    {
        var provider = configuration["Database:Provider"] ?? Sqlite;
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.Equals(provider, SqlServer, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"Database:Provider is {SqlServer} but ConnectionStrings:{ConnectionStringName} is not set.");
            }

            options.UseResilientSqlServer(connectionString, configuration);
        }
        else if (string.Equals(provider, Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            options.UseSqlite(connectionString ?? DefaultSqliteConnectionString(contentRoot), sqlite => sqlite
                .MigrationsAssembly("HeadlessBlog.Migrations.Sqlite")
                // SQLite cannot flatten the LEFT JOIN of a collection (an article's tags) and materializes the
                // whole ArticleTags ⋈ Tags join on every query (3 ms at 1,000 articles, growing with the data);
                // as a second query per collection it is an index seek (0.01 ms).
                .UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery));
        }
        else
        {
            throw new InvalidOperationException($"Unknown Database:Provider '{provider}': use {Sqlite} or {SqlServer}.");
        }

        // The trash filter hides an article, and the rows that require it either leave with it (its tag assignments
        // and links are taken out while it is in the trash) or are meant to vanish with it (revisions, old slugs):
        // EF Core's warning that a filtered principal hides its required dependents describes what is wanted.
        options.ConfigureWarnings(w => w.Ignore(CoreEventId.PossibleIncorrectRequiredNavigationWithQueryFilterInteractionWarning));

        // Run by EF Core after migrating, whoever migrates (startup, `keys`, `dotnet ef database update`, the bench seed
        // tool), under the migrations lock; the tools migrate synchronously, and then only the synchronous one is called.
        options
            .UseAsyncSeeding((context, _, cancellationToken) => BackfillAsync((BlogDbContext)context, cancellationToken))
            .UseSeeding((context, _) => BackfillAsync((BlogDbContext)context, CancellationToken.None).GetAwaiter().GetResult());
    }

    /// <summary>With no configuration at all: a SQLite file in a data folder beside the app.</summary>
    public static string DefaultSqliteConnectionString(string contentRoot)
    {
        var folder = Path.Combine(contentRoot, "data");
        Directory.CreateDirectory(folder);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(folder, "headlessblog.db"),
            Pooling = true,
        }.ToString();
    }

    private static async Task BackfillAsync(BlogDbContext db, CancellationToken cancellationToken)
    {
        // Seeding follows a migration to an earlier target too, where the model's columns and tables may not exist yet.
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            return;
        }

        await RenderStoredArticlesAsync(db, cancellationToken);
        await FillTagListsAsync(db, cancellationToken);
    }

    /// <summary>
    /// Writes the tag lists of articles stored without one: by a tool that saves without the app's change log (the
    /// benchmark seed). Every save through the app writes them, so whether any are missing is read off the newest
    /// article alone (a primary-key seek); if it has none, every article without one gets it, in one statement.
    /// </summary>
    private static async Task FillTagListsAsync(BlogDbContext db, CancellationToken cancellationToken)
    {
        var newest = await db.Articles.OrderByDescending(a => a.Id).Select(a => new { Listed = a.TagList != null }).FirstOrDefaultAsync(cancellationToken);
        if (newest is not { Listed: false })
        {
            return;
        }

        // Brackets quote names in SQLite too.
        const string unlisted = "SELECT [n].[Id] FROM [Articles] AS [n] WHERE NOT EXISTS (SELECT 1 FROM [ArticleTagLists] AS [y] WHERE [y].[ArticleId] = [n].[Id])";
        await db.Database.ExecuteSqlRawAsync(ArticleTagList.UpsertSql(db.Database.IsSqlServer(), unlisted), cancellationToken);
    }

    /// <summary>
    /// Fills the fields derived from the body (HTML, plain text, word count, reading time, excerpt) and the normalized
    /// summary of articles stored before the ContentDelivery migration added those columns.
    /// </summary>
    /// <remarks>
    /// The migration itself can only add the columns: the values come from the app's Markdown renderer and HTML
    /// sanitizer and from .NET's upper-casing, which no SQL statement reproduces (SQLite's <c>upper()</c> folds ASCII
    /// only). So the backfill is EF Core's seeding step, keyed on the data rather than on a migration's name. An article
    /// never rendered has a reading time of 0, the column's default; a rendered one reads in at least a minute. Such
    /// articles are the ones that existed when the columns were added, which are the oldest ones: whether any are left
    /// is read off the oldest article alone, a primary-key seek that every migration run can afford (a search for any
    /// such row reads the whole table, gigabytes at 100,000 articles). They are rendered newest first, in batches, so a
    /// run stopped half-way leaves the oldest one unrendered for the next run to find.
    /// </remarks>
    private static async Task RenderStoredArticlesAsync(BlogDbContext db, CancellationToken cancellationToken)
    {
        var oldest = await db.Articles.OrderBy(a => a.Id).Select(a => new { a.ReadingTimeMinutes }).FirstOrDefaultAsync(cancellationToken);
        if (oldest is not { ReadingTimeMinutes: 0 })
        {
            return;
        }

        var below = int.MaxValue;
        while (true)
        {
            var batch = await db.Articles.Where(a => a.Id < below && a.ReadingTimeMinutes == 0)
                .OrderByDescending(a => a.Id).Take(200).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return;
            }

            foreach (var article in batch)
            {
                ArticleContent.Render(article);
                // As a save through the API writes it (ArticleMapping).
                article.NormalizedSummary = string.IsNullOrWhiteSpace(article.Summary) ? "" : article.Summary.Trim().ToUpperInvariant();
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            below = batch[^1].Id;
        }
    }

    /// <summary>Applies pending migrations and the backfill that goes with them (unless turned off), switches SQLite to WAL and, in Development, creates a first API key.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app, bool seed)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
        if (app.Configuration.GetValue("Database:MigrateOnStartup", true))
        {
            if (db.Database.IsSqlite())
            {
                // WAL lets readers and a writer work at the same time; the mode is stored in the file.
                await db.Database.OpenConnectionAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
                await db.Database.CloseConnectionAsync();
            }

            // A migration may rebuild indexes of a large table (and the backfill of RenderStoredArticlesAsync, run as
            // part of migrating, render every article): far longer than a request's command may take.
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            await db.Database.MigrateAsync();
            db.Database.SetCommandTimeout(null);
            if (db.Database.IsSqlite())
            {
                // Fresh statistics for SQLite's query planner (sampled, so quick on large files): without them it
                // guesses, and can prefer the status index of every article over a selective one.
                await db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit=1000; ANALYZE;");
            }
        }

        if (seed && app.Environment.IsDevelopment())
        {
            var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
            // A new user gets a working key for Swagger UI at once; Production has none until one is created.
            if (!await db.ApiKeys.AnyAsync())
            {
                var (entity, key) = ApiKeys.Create("Development key", [Scopes.Write], clock.GetUtcNow().UtcDateTime);
                db.ApiKeys.Add(entity);
                await db.SaveChangesAsync();
                Console.WriteLine($"HeadlessBlog API: created a development API key with {Scopes.Write} (shown once; Authorize in Swagger UI with it):");
                Console.WriteLine(key);
            }
        }
    }
}
