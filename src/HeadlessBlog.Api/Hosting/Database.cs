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

    /// <summary>Fills the fields derived from the body for articles stored before they existed.</summary>
    private static async Task RenderStoredArticlesAsync(BlogDbContext db)
    {
        while (true)
        {
            var batch = await db.Articles.Where(a => a.BodyHtml == "").OrderBy(a => a.Id).Take(200).ToListAsync();
            if (batch.Count == 0)
            {
                return;
            }

            foreach (var article in batch)
            {
                ArticleContent.Render(article);
                article.NormalizedSummary = article.Summary?.ToUpperInvariant() ?? "";
            }

            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Applies pending migrations (unless turned off), switches SQLite to WAL and, in Development, creates a first API key.</summary>
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

            var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
            // A migration may rebuild indexes of a large table: far longer than a request's command may take.
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            await db.Database.MigrateAsync();
            db.Database.SetCommandTimeout(null);
            if (db.Database.IsSqlite())
            {
                // Fresh statistics for SQLite's query planner (sampled, so quick on large files): without them it
                // guesses, and can prefer the status index of every article over a selective one.
                await db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit=1000; ANALYZE;");
            }
            if (pending.Any(m => m.EndsWith("_ContentDelivery", StringComparison.Ordinal)))
            {
                await RenderStoredArticlesAsync(db);
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
