using HeadlessBlog.Api.Content;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Related;
using HeadlessBlog.Api.Slugs;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Data;
using Mapster;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Articles;

/// <summary>Applies a create or replace request to an article: the one place both writes share.</summary>
internal static class ArticleEditor
{
    /// <summary>A new article, for <c>ApplyAsync</c> to fill.</summary>
    public static Article New() => new() { Title = "", Slug = "", Body = "" };

    /// <summary>
    /// Checks what only the database can tell (related ids, a taken slug), then writes every field of
    /// <paramref name="request"/> into <paramref name="article"/> (added to the context when new) with its derived
    /// fields, tags, links and slug redirects, ready to save. Null when applied; else the 400 or 409 to answer.
    /// </summary>
    public static Task<IResult?> ApplyAsync(
        Article article, ArticleRequest request, ContentRequest context, TypeAdapterConfig mapping) =>
        ApplyAsync(article, request, context.Db, context.UtcNow(), mapping, context.Aborted);

    /// <summary>The same, outside a request (imports): <paramref name="now"/> is the time of the write.</summary>
    public static async Task<IResult?> ApplyAsync(
        Article article, ArticleRequest request, BlogDbContext db, DateTime now, TypeAdapterConfig mapping,
        CancellationToken cancellationToken)
    {
        var isNew = article.Id == 0;
        var relatedIds = request.RelatedArticleIds ?? [];
        if (!isNew && relatedIds.Contains(article.Id))
        {
            return Problems.Invalid("relatedArticleIds", "An article cannot be related to itself.");
        }

        if (await ArticleReads.UnknownArticlesAsync(db, relatedIds, cancellationToken) is { } unknown)
        {
            return Problems.Invalid("relatedArticleIds", unknown);
        }

        var oldSlug = isNew ? null : article.Slug;
        if (request.Slug is not null && request.Slug != oldSlug
            && await ArticleQueries.SlugHolderInTrash(db, request.Slug).Select(t => (bool?)t).FirstOrDefaultAsync(cancellationToken) is { } inTrash)
        {
            return Problems.Conflict(inTrash
                ? $"The slug '{request.Slug}' belongs to an article in the trash: restore it, or delete it from the trash for good, to free the slug."
                : $"The slug '{request.Slug}' is already used by another article.");
        }

        request.Adapt(article, mapping);
        article.Slug = request.Slug ?? oldSlug
            ?? await SlugRedirects.FreeSlugAsync(article.Title, "article", s => ArticleQueries.SlugsLike(db, s), [], cancellationToken);
        // The publication time given; else the one it had; else now, when it is published.
        article.PublishedAt = request.PublishedAt?.UtcDateTime
            ?? article.PublishedAt
            ?? (article.Status == ArticleStatus.Published ? now : null);
        if (isNew)
        {
            article.CreatedAt = article.UpdatedAt = now;
            db.Articles.Add(article);
        }
        else
        {
            Preconditions.Touch(db, article, now);
        }

        ArticleContent.Render(article);
        AssignTags(article, await TagNames.ResolveAsync(db, request.Tags ?? [], now, cancellationToken));
        RelatedLinks.Replace(article, relatedIds);
        if (article.Slug != oldSlug)
        {
            // The slug now belongs to this article, even if another article had it before.
            await SlugRedirects.MoveAsync(
                db.ArticleSlugRedirects, ArticleQueries.RedirectsFrom(db, [article.Slug, oldSlug ?? article.Slug]), oldSlug, article.Slug,
                redirect => redirect.ArticleId = article.Id,
                slug => new ArticleSlugRedirect { Slug = slug, ArticleId = article.Id },
                cancellationToken);
        }

        return null;
    }

    /// <summary>Keeps the article's ordered tag assignments in step with <paramref name="tags"/>.</summary>
    private static void AssignTags(Article article, List<Tag> tags)
    {
        article.Tags.RemoveAll(at => !tags.Any(t => t.Id != 0 && t.Id == at.TagId));
        for (var position = 0; position < tags.Count; position++)
        {
            var tag = tags[position];
            var assignment = article.Tags.FirstOrDefault(at => tag.Id != 0 && at.TagId == tag.Id);
            if (assignment is null)
            {
                article.Tags.Add(new ArticleTag { Tag = tag, Position = position });
            }
            else
            {
                assignment.Position = position;
            }
        }
    }
}
