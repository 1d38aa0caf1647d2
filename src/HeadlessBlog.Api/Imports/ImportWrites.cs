using FluentValidation;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Slugs;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Data;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Imports;

/// <summary>
/// The writes of an import, each an ordinary write of the API: validated by the API's validators and applied by the
/// same code as <c>POST /api/articles</c> and <c>POST /api/tags</c>, then saved through <see cref="BlogDbContext"/>
/// (so change events, revisions and cache eviction happen as for any write). In a dry run every step runs and
/// nothing is saved but the job's progress.
/// </summary>
public sealed class ImportWrites(
    IServiceScopeFactory scopes, TypeAdapterConfig mapping, IValidator<ArticleRequest> articles, IValidator<TagRequest> tags, TimeProvider clock)
{
    /// <summary>The file's tags, matched to stored ones by slug, then by name; the others created with their fields.</summary>
    public async Task TagsAsync(ImportRun run, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var slugs = run.Plan.Tags.Select(t => t.Slug).ToArray();
        var names = run.Plan.Tags.Select(t => t.Name.Trim().ToUpperInvariant()).ToArray();
        var stored = await db.Tags.Where(t => slugs.Contains(t.Slug) || names.Contains(t.NormalizedName)).ToListAsync(cancellationToken);
        foreach (var tag in run.Plan.Tags)
        {
            var request = new TagRequest(tag.Name, tag.Slug, tag.Description, tag.MetaTitle, tag.MetaDescription, tag.FeatureImageUrl);
            if (run.TagNames.ContainsKey(tag.Slug))
            {
                run.Warnings.Add($"tag '{tag.Slug}': listed twice in the file; the first is imported.");
                continue;
            }

            var errors = (await tags.ValidateAsync(request, cancellationToken)).Errors;
            if (errors.Count > 0 && (await tags.ValidateAsync(request with { Slug = null }, cancellationToken)).IsValid)
            {
                run.Warnings.Add($"tag '{tag.Slug}': the slug is not valid here; one is made from the name.");
                request = request with { Slug = null };
                errors = [];
            }

            if (errors.Count > 0)
            {
                run.Skipped.Add(new SkippedItem(tag.Slug, "Tag not imported: " + string.Join(" ", errors.Select(e => e.ErrorMessage))));
                run.TagNames[tag.Slug] = tag.Name;
                continue;
            }

            var upper = tag.Name.Trim().ToUpperInvariant();
            var existing = stored.FirstOrDefault(t => t.Slug == tag.Slug) ?? stored.FirstOrDefault(t => t.NormalizedName == upper);
            if (existing is null || (run.Update && run.Plan.Format == ImportFormats.HeadlessBlog))
            {
                var target = existing ?? new Tag { Name = "", NormalizedName = "", Slug = "" };
                // A slug made from the name must be free of the file's tags added before it too, not only of the stored ones.
                var slug = existing?.Slug ?? request.Slug ?? await SlugRedirects.FreeSlugAsync(
                    tag.Name, "tag", s => TagQueries.SlugsLike(db, s), [.. stored.Select(t => t.Slug)], cancellationToken);
                if (await TagEndpoints.ApplyAsync(target, request with { Slug = slug }, db, now, mapping, cancellationToken)
                    is { } refused)
                {
                    run.Skipped.Add(new SkippedItem(tag.Slug, "Tag not imported: " + refused.ProblemDetails.Detail));
                    run.TagNames[tag.Slug] = tag.Name;
                    continue;
                }

                target.CreatedAt = existing?.CreatedAt ?? tag.CreatedAt ?? now;
                target.UpdatedAt = tag.UpdatedAt ?? now;
                existing = target;
                stored.Add(target);
            }

            run.TagNames[tag.Slug] = existing.Slug;
        }

        if (!run.DryRun)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Articles <paramref name="start"/>… of the file, saved together with the job's progress.</summary>
    public async Task ArticlesAsync(ImportRun run, int start, int count, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var skipped = new List<SkippedItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var written = new List<(string Slug, Article Article, bool IsNew)>();
        foreach (var item in run.Plan.Articles.Skip(start).Take(count))
        {
            var request = item.Request with
            {
                Tags = [.. (item.Request.Tags ?? []).Select(t => run.TagNames.GetValueOrDefault(t, t))],
            };
            if ((await articles.ValidateAsync(request, cancellationToken)).Errors is { Count: > 0 } errors)
            {
                skipped.Add(new SkippedItem(item.Label, "Invalid: " + string.Join(" ", errors.Select(e => e.ErrorMessage))));
                continue;
            }

            var slug = request.Slug ?? await SlugRedirects.FreeSlugAsync(
                request.Title, "article", s => ArticleQueries.SlugsLike(db, s), [.. run.Seen, .. seen], cancellationToken);
            if (run.Seen.Contains(slug) || !seen.Add(slug))
            {
                skipped.Add(new SkippedItem(slug, "Another article of the file has this slug; the first one is imported."));
                continue;
            }

            var id = await ArticleQueries.IdOfSlug(db, slug).FirstOrDefaultAsync(cancellationToken);
            if (id != 0 && !run.Update)
            {
                skipped.Add(new SkippedItem(slug, "An article with this slug exists (onConflict=skip)."));
                continue;
            }

            var article = id == 0 ? ArticleEditor.New() : await ArticleQueries.ForUpdate(db, id).FirstAsync(cancellationToken);
            // Links are the file's to set once every article exists (HeadlessBlog); other formats have none and keep the article's.
            request = request with { Slug = slug, RelatedArticleIds = [.. article.RelatedLinks.OrderBy(l => l.Position).Select(l => l.TargetArticleId)] };
            if (await ArticleEditor.ApplyAsync(article, request, db, now, mapping, cancellationToken) is { } refused)
            {
                skipped.Add(new SkippedItem(slug, "Not imported: " + Describe(refused)));
                continue;
            }

            article.CreatedAt = id == 0 ? item.CreatedAt ?? now : article.CreatedAt;
            article.UpdatedAt = item.UpdatedAt ?? now;
            written.Add((slug, article, id == 0));
        }

        if (run.DryRun)
        {
            db.ChangeTracker.Clear();
        }

        var job = await db.ImportJobs.FirstAsync(j => j.Id == run.JobId, cancellationToken);
        var (processed, created, updated) = (run.Processed + count, run.Created + written.Count(w => w.IsNew), run.Updated + written.Count(w => !w.IsNew));
        job.Processed = processed;
        job.Created = created;
        job.Updated = updated;
        job.Report = run.ReportJson(skipped);
        await db.SaveChangesAsync(cancellationToken);

        // Committed: the run moves on.
        (run.Processed, run.Created, run.Updated) = (processed, created, updated);
        run.Skipped.AddRange(skipped);
        run.Seen.UnionWith(seen);
        foreach (var (slug, article, _) in written)
        {
            run.Written[slug] = article.Id;
        }
    }

    /// <summary>Related links (by slug, now that every article exists) and old-slug redirects: HeadlessBlog exports only.</summary>
    public Task LinksAsync(ImportRun run, CancellationToken cancellationToken) =>
        ImportLinks.WriteAsync(run, scopes, clock, cancellationToken);

    private static string Describe(IResult refused) => refused switch
    {
        ValidationProblem invalid => string.Join(" ", invalid.ProblemDetails.Errors.SelectMany(e => e.Value)),
        ProblemHttpResult problem => problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "refused",
        _ => "refused",
    };
}
