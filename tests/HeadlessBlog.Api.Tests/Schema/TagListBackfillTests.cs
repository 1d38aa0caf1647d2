using System.Text.Json;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace HeadlessBlog.Api.Tests.Schema;

/// <summary>
/// Articles stored without their tag list (<see cref="ArticleTagList"/>) get it from their assignments, in position
/// order: from the ArticleTagLists migration for articles stored before it, and from the seeding step after every
/// migration run for articles saved by a tool without the app's change log (the benchmark seed).
/// </summary>
public sealed class TagListBackfillTests : IDisposable
{
    private static readonly string[] TagSlugs = ["alpha", "beta", "gamma"];

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"headlessblog-taglists-{Guid.NewGuid():N}.db");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString();

    [Fact]
    public async Task Migration_OnArticlesStoredBeforeIt_CopiesEachArticlesTagsInPositionOrder()
    {
        var expected = await StoreTaggedArticlesAsync();
        await using (var context = BlogContexts.Create(Database.Sqlite, ConnectionString))
        {
            // Back to the migration before ArticleTagLists, as a database from before it is.
            var migrations = context.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_ArticleTagLists", StringComparison.Ordinal)) - 1];
            await context.GetService<IMigrator>().MigrateAsync(before, Ct);
            Assert.DoesNotContain(await context.Database.GetAppliedMigrationsAsync(Ct), m => m.EndsWith("_ArticleTagLists", StringComparison.Ordinal));
        }

        await MigrateAsync();

        await AssertTagListsAsync(expected);
    }

    [Fact]
    public async Task Migrate_AfterArticlesSavedWithoutTheChangeLog_FillsTheirTagLists()
    {
        var expected = await StoreTaggedArticlesAsync();

        await MigrateAsync();

        await AssertTagListsAsync(expected);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }

    /// <summary>
    /// Three articles saved through a context without interceptors (no change log, so no tag lists), with tags in
    /// an order that is neither their ids' nor their names'; returns each article's tag slugs in that order.
    /// </summary>
    private async Task<Dictionary<int, string[]>> StoreTaggedArticlesAsync()
    {
        await MigrateAsync();
        await using var context = BlogContexts.Create(Database.Sqlite, ConnectionString);
        var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var tags = TagSlugs
            .Select(slug => new Tag { Name = $"Tag {slug}", NormalizedName = $"TAG {slug.ToUpperInvariant()}", Slug = slug, CreatedAt = now, UpdatedAt = now })
            .ToArray();
        context.Tags.AddRange(tags);
        await context.SaveChangesAsync(Ct);
        var orders = new[] { new[] { 2, 0, 1 }, new[] { 1 }, Array.Empty<int>() };
        var articles = orders.Select((order, i) => new Article
        {
            Title = $"Article {i}",
            Slug = $"article-{i}",
            Body = "Body.",
            CreatedAt = now,
            UpdatedAt = now,
            Tags = [.. order.Select((tag, position) => new ArticleTag { TagId = tags[tag].Id, Position = position })],
        }).ToArray();
        context.Articles.AddRange(articles);
        await context.SaveChangesAsync(Ct);
        Assert.Equal(0, await context.ArticleTagLists.CountAsync(Ct));
        return articles.Select((a, i) => (a.Id, Slugs: orders[i].Select(t => tags[t].Slug).ToArray())).ToDictionary(x => x.Id, x => x.Slugs);
    }

    private async Task MigrateAsync()
    {
        await using var context = BlogContexts.Create(Database.Sqlite, ConnectionString);
        await context.Database.MigrateAsync(Ct);
    }

    private async Task AssertTagListsAsync(Dictionary<int, string[]> expected)
    {
        await using var context = BlogContexts.Create(Database.Sqlite, ConnectionString);
        var lists = await context.ArticleTagLists.AsNoTracking().ToDictionaryAsync(l => l.ArticleId, l => l.Tags, Ct);
        Assert.Equal(expected.Keys.Order(), lists.Keys.Order());
        foreach (var (id, slugs) in expected)
        {
            using var json = JsonDocument.Parse(lists[id]);
            Assert.Equal(slugs, json.RootElement.EnumerateArray().Select(t => t.GetProperty("slug").GetString()).ToArray());
            Assert.All(json.RootElement.EnumerateArray(), t => Assert.StartsWith("Tag ", t.GetProperty("name").GetString()));
        }
    }
}
