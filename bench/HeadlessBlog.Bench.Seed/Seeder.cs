using System.Diagnostics;
using System.Globalization;
using HeadlessBlog.Api.Content;
using HeadlessBlog.Api.Slugs;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Bench.Seed;

/// <summary>Inserts the generated data set in batches: one transaction each, change detection off, the tracker cleared after each.</summary>
internal sealed class Seeder(BlogDbContext db, SeedOptions options, TextWriter log)
{
    private static readonly TimeSpan Spread = TimeSpan.FromDays(3 * 365);

    private readonly ContentGenerator _content = new(options.Seed);

    /// <summary>A body rendered once, shared by every article that uses it.</summary>
    private sealed record PooledBody(string Markdown, string Html, string PlainText, int WordCount, int ReadingTimeMinutes);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));

        await MigrateAsync(cancellationToken);

        if (await db.Articles.AnyAsync(cancellationToken) || await db.Tags.AnyAsync(cancellationToken))
        {
            if (!options.Force)
            {
                await log.WriteLineAsync("The database already has articles or tags: refusing to seed it (--force deletes them first).");
                return 2;
            }

            await DeleteEverythingAsync(cancellationToken);
        }

        var bodies = RenderBodies();
        var tagIds = await InsertTagsAsync(cancellationToken);
        await InsertArticlesAsync(bodies, tagIds, cancellationToken);

        if (db.Database.IsSqlite())
        {
            // Fold the write-ahead log into the database file, so the file size below is the data set's.
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        }

        total.Stop();
        var articles = await db.Articles.CountAsync(cancellationToken);
        var tags = await db.Tags.CountAsync(cancellationToken);
        var articleTags = await db.ArticleTags.CountAsync(cancellationToken);
        var links = await db.ArticleLinks.CountAsync(cancellationToken);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Done in {total.Elapsed.TotalSeconds:0.0} s: {articles} articles, {tags} tags, {articleTags} article tags, {links} related links."));
        if (SqliteFile() is { } file)
        {
            var size = new FileInfo(file).Length;
            await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"SQLite file {file}: {size / 1024.0 / 1024.0:0.0} MiB ({size} bytes, {(articles == 0 ? 0 : size / articles)} bytes per article)."));
        }

        return 0;
    }

    /// <summary>As the API at startup: SQLite in WAL mode, then every pending migration.</summary>
    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        if (db.Database.IsSqlite())
        {
            // The connection stays open for the whole run, so its settings hold for every batch.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            // Bulk load: a crash loses at most the last batches, which a rerun with --force redoes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=NORMAL;", cancellationToken);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
        await db.Database.MigrateAsync(cancellationToken);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Migrations: {pending} applied in {watch.Elapsed.TotalSeconds:0.00} s."));
    }

    private async Task DeleteEverythingAsync(CancellationToken cancellationToken)
    {
        await log.WriteLineAsync("--force: deleting every article and tag.");
        await InTransactionAsync(async ct =>
        {
            await db.ArticleLinks.ExecuteDeleteAsync(ct);
            await db.ArticleTags.ExecuteDeleteAsync(ct);
            await db.ArticleSlugRedirects.ExecuteDeleteAsync(ct);
            await db.TagSlugRedirects.ExecuteDeleteAsync(ct);
            await db.Articles.ExecuteDeleteAsync(ct);
            await db.Tags.ExecuteDeleteAsync(ct);
        }, cancellationToken);
    }

    private PooledBody[] RenderBodies()
    {
        var watch = Stopwatch.StartNew();
        var bodies = new PooledBody[Math.Min(options.Bodies, Math.Max(options.Articles, 1))];
        for (var i = 0; i < bodies.Length; i++)
        {
            // The API's own rendering: sanitized HTML, plain text, word count and reading time.
            var template = new Article { Title = "", Slug = "", Body = _content.Body(i) };
            ArticleContent.Render(template);
            bodies[i] = new PooledBody(template.Body, template.BodyHtml, template.BodyPlainText, template.WordCount, template.ReadingTimeMinutes);
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Bodies: {bodies.Length} rendered in {watch.Elapsed.TotalSeconds:0.00} s, {bodies.Min(b => b.WordCount)}–{bodies.Max(b => b.WordCount)} words, {bodies.Average(b => b.Markdown.Length) / 1024:0.0} KiB of Markdown on average."));
        return bodies;
    }

    private async Task<int[]> InsertTagsAsync(CancellationToken cancellationToken)
    {
        var now = options.Until;
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var tags = new List<Tag>(options.Tags);
        for (var i = 0; i < options.Tags; i++)
        {
            var name = ContentGenerator.TagName(i);
            var normalized = name.ToUpperInvariant();
            if (!names.Add(normalized))
            {
                throw new InvalidOperationException($"Generated tag name '{name}' twice.");
            }

            // As the API: a slug from the name, "-2", "-3", … when taken.
            var slug = Slug.FirstFree(Slug.From(name, fallback: "tag"), slugs);
            slugs.Add(slug);
            tags.Add(new Tag
            {
                Name = name,
                NormalizedName = normalized,
                Slug = slug,
                Description = $"Articles about {name}.",
                CreatedAt = now,
                UpdatedAt = now,
            });
        }

        await InTransactionAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            db.Tags.AddRange(tags);
            await db.SaveChangesAsync(ct);
        }, cancellationToken);
        db.ChangeTracker.Clear();
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Tags: {tags.Count} inserted."));
        return [.. tags.Select(t => t.Id)];
    }

    private async Task InsertArticlesAsync(PooledBody[] bodies, int[] tagIds, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var ids = new int[options.Articles];
        var reported = 0;
        for (var start = 0; start < options.Articles; start += options.BatchSize)
        {
            var count = Math.Min(options.BatchSize, options.Articles - start);
            await InTransactionAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                var batch = new Article[count];
                for (var k = 0; k < count; k++)
                {
                    batch[k] = CreateArticle(start + k, bodies, tagIds, ids, batch, start);
                }

                db.Articles.AddRange(batch);
                await db.SaveChangesAsync(ct);
                for (var k = 0; k < count; k++)
                {
                    ids[start + k] = batch[k].Id;
                }
            }, cancellationToken);
            db.ChangeTracker.Clear();

            var done = start + count;
            if (done * 10L / options.Articles > reported || done == options.Articles)
            {
                reported = (int)(done * 10L / options.Articles);
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Articles: {done}/{options.Articles} after {watch.Elapsed.TotalSeconds:0.0} s ({done / Math.Max(watch.Elapsed.TotalSeconds, 0.001):0} a second)."));
            }
        }
    }

    /// <summary>
    /// Article number <paramref name="index"/>: published, shown in the past three years, with 3 tags and 0–4 links to
    /// earlier articles. Derived fields are set as the API sets them on save.
    /// </summary>
    private Article CreateArticle(int index, PooledBody[] bodies, int[] tagIds, int[] ids, Article[] batch, int batchStart)
    {
        var random = _content.For("article", index);
        var title = _content.Title(index);
        var summary = _content.Summary(index);
        var body = bodies[index % bodies.Length];
        var publishedAt = options.Until - TimeSpan.FromSeconds(1 + random.NextDouble() * (Spread.TotalSeconds - 1));
        publishedAt = new DateTime(publishedAt.Ticks - (publishedAt.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

        var article = new Article
        {
            Title = title,
            NormalizedTitle = title.ToUpperInvariant(),
            Slug = Slug.From(title, fallback: "article"),
            Summary = summary,
            NormalizedSummary = summary.ToUpperInvariant(),
            Body = body.Markdown,
            BodyHtml = body.Html,
            BodyPlainText = body.PlainText,
            WordCount = body.WordCount,
            ReadingTimeMinutes = body.ReadingTimeMinutes,
            Excerpt = ArticleText.Excerpt(summary, body.PlainText),
            Status = ArticleStatus.Published,
            PublishedAt = publishedAt,
            CreatedAt = publishedAt,
            UpdatedAt = publishedAt,
        };

        // Three distinct tags, popular ones more often (the square of a uniform number leans towards the first tags).
        var chosen = new List<int>(3);
        while (chosen.Count < 3)
        {
            var u = random.NextDouble();
            var tag = Math.Min((int)(u * u * tagIds.Length), tagIds.Length - 1);
            if (!chosen.Contains(tag))
            {
                chosen.Add(tag);
            }
        }

        article.Tags.AddRange(chosen.Select((tag, position) => new ArticleTag { TagId = tagIds[tag], Position = position }));

        // 0–4 related links to earlier articles: half of them recent neighbours, half anywhere before.
        var linkCount = Math.Min(random.Next(5), index);
        var targets = new List<int>(linkCount);
        while (targets.Count < linkCount)
        {
            var target = random.Next(2) == 0 ? index - 1 - random.Next(Math.Min(index, 50)) : random.Next(index);
            if (!targets.Contains(target))
            {
                targets.Add(target);
            }
        }

        for (var position = 0; position < targets.Count; position++)
        {
            var target = targets[position];
            article.RelatedLinks.Add(target >= batchStart
                ? new ArticleLink { Target = batch[target - batchStart], Position = position }
                : new ArticleLink { TargetArticleId = ids[target], Position = position });
        }

        return article;
    }

    /// <summary>One transaction, retried as a whole by the provider's execution strategy (SQL Server retries transient errors).</summary>
    private Task InTransactionAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await work(ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);

    private string? SqliteFile()
    {
        if (!db.Database.IsSqlite())
        {
            return null;
        }

        var dataSource = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        return File.Exists(dataSource) ? Path.GetFullPath(dataSource) : null;
    }
}
