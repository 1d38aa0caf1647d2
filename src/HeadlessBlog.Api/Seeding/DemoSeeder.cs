using HeadlessBlog.Api.Content;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Seeding;

/// <summary>Fills an empty database with <see cref="DemoContent"/> (Development only).</summary>
public static class DemoSeeder
{
    /// <summary>In Development, unless <c>Database:SeedDemoContent</c> is false: demo content in an empty database.</summary>
    public static async Task SeedDemoContentAsync(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() || !app.Configuration.GetValue("Database:SeedDemoContent", true))
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        await SeedAsync(scope.ServiceProvider.GetRequiredService<BlogDbContext>(), clock.GetUtcNow().UtcDateTime);
    }

    public static async Task<bool> SeedAsync(BlogDbContext db, DateTime now)
    {
        if (await db.Articles.AnyAsync() || await db.Tags.AnyAsync())
        {
            return false;
        }

        var tags = DemoContent.Tags.ToDictionary(
            t => t.Slug,
            t => new Tag
            {
                Name = t.Name,
                NormalizedName = t.Name.ToUpperInvariant(),
                Slug = t.Slug,
                Description = t.Description,
                CreatedAt = now,
                UpdatedAt = now,
            });

        var articles = DemoContent.Articles.ToDictionary(
            a => a.Slug,
            a =>
            {
                var publishedAt = now.AddDays(-a.DaysAgo);
                return new Article
                {
                    Title = a.Title,
                    NormalizedTitle = a.Title.ToUpperInvariant(),
                    Slug = a.Slug,
                    Summary = a.Summary,
                    NormalizedSummary = a.Summary.ToUpperInvariant(),
                    Body = a.Body,
                    Status = ArticleStatus.Published,
                    PublishedAt = publishedAt,
                    CreatedAt = publishedAt,
                    UpdatedAt = publishedAt,
                    Tags = [.. a.Tags.Select((slug, i) => new ArticleTag { Tag = tags[slug], Position = i })],
                };
            });

        foreach (var article in articles.Values)
        {
            ArticleContent.Render(article);
        }

        foreach (var demo in DemoContent.Articles)
        {
            articles[demo.Slug].RelatedLinks.AddRange(
                demo.RelatedSlugs.Select((slug, i) => new ArticleLink { Target = articles[slug], Position = i }));
        }

        db.Tags.AddRange(tags.Values);
        db.Articles.AddRange(articles.Values);
        await db.SaveChangesAsync();
        return true;
    }
}
