using HeadlessBlog.Api.Exports;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Related;
using HeadlessBlog.Api.Slugs;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Imports;

/// <summary>
/// What a HeadlessBlog export links by slug, written once every article exists: related articles (on the articles this
/// import wrote, which keep the file's <c>updatedAt</c>) and old slugs that redirect to them or to the file's tags.
/// </summary>
internal static class ImportLinks
{
    private const int BatchSize = 200;

    public static async Task WriteAsync(ImportRun run, IServiceScopeFactory scopes, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (run.DryRun || run.Plan.Format != ImportFormats.HeadlessBlog)
        {
            return;
        }

        var linked = run.Plan.Articles
            .Where(a => a.Related is { Count: > 0 } && a.Request.Slug is { } slug && run.Written.ContainsKey(slug))
            .ToList();
        foreach (var chunk in linked.Chunk(BatchSize))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
            var ids = chunk.Select(a => run.Written[a.Request.Slug!]).ToArray();
            var articles = await db.Articles.Include(a => a.RelatedLinks).Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
            var targetSlugs = chunk.SelectMany(a => a.Related!).Distinct(StringComparer.Ordinal).ToArray();
            var targets = await db.Articles.Where(a => targetSlugs.Contains(a.Slug)).Select(a => new { a.Slug, a.Id })
                .ToDictionaryAsync(a => a.Slug, a => a.Id, StringComparer.Ordinal, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var item in chunk)
            {
                var article = articles[run.Written[item.Request.Slug!]];
                var missing = item.Related!.Where(s => !targets.ContainsKey(s)).ToList();
                if (missing.Count > 0)
                {
                    run.Warnings.Add($"article '{item.Request.Slug}': related articles not found: {string.Join(", ", missing)}.");
                }

                var targetIds = item.Related!.Where(targets.ContainsKey).Select(s => targets[s])
                    .Where(id => id != article.Id).Distinct().Take(Limits.MaxRelatedPerArticle).ToList();
                RelatedLinks.Replace(article, targetIds);
                Preconditions.Touch(db, article, item.UpdatedAt ?? now);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        await RedirectsAsync(run, scopes, cancellationToken);
    }

    private static async Task RedirectsAsync(ImportRun run, IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        if (run.Plan.Redirects.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
        var from = run.Plan.Redirects.Select(r => r.From).ToArray();
        var taken = (await db.Articles.Where(a => from.Contains(a.Slug)).Select(a => a.Slug).ToListAsync(cancellationToken))
            .Concat(await db.Tags.Where(t => from.Contains(t.Slug)).Select(t => t.Slug).ToListAsync(cancellationToken))
            .Concat(await db.ArticleSlugRedirects.Where(r => from.Contains(r.Slug)).Select(r => r.Slug).ToListAsync(cancellationToken))
            .Concat(await db.TagSlugRedirects.Where(r => from.Contains(r.Slug)).Select(r => r.Slug).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var tagSlugs = run.TagNames.Values.ToArray();
        var tagIds = await db.Tags.Where(t => tagSlugs.Contains(t.Slug)).ToDictionaryAsync(t => t.Slug, t => t.Id, StringComparer.Ordinal, cancellationToken);
        foreach (var redirect in run.Plan.Redirects)
        {
            if (!Slug.IsValid(redirect.From) || taken.Contains(redirect.From))
            {
                run.Warnings.Add($"redirect '{redirect.From}' → '{redirect.To}' not imported: the old slug is not valid or is taken here.");
                continue;
            }

            if (redirect.Type == ExportRedirectTypes.Article && run.Written.TryGetValue(redirect.To, out var articleId))
            {
                db.ArticleSlugRedirects.Add(new ArticleSlugRedirect { Slug = redirect.From, ArticleId = articleId });
            }
            else if (redirect.Type == ExportRedirectTypes.Tag && run.TagNames.TryGetValue(redirect.To, out var tagSlug)
                     && tagIds.TryGetValue(tagSlug, out var tagId))
            {
                db.TagSlugRedirects.Add(new TagSlugRedirect { Slug = redirect.From, TagId = tagId });
            }
            else
            {
                run.Warnings.Add($"redirect '{redirect.From}' → '{redirect.To}' not imported: no {redirect.Type} '{redirect.To}' was imported.");
                continue;
            }

            taken.Add(redirect.From);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
