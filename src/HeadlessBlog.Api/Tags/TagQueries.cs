using System.Linq.Expressions;
using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Api.Slugs;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore.Query;

namespace HeadlessBlog.Api.Tags;

/// <summary>Every query the tag endpoints send to the database, as composable LINQ (so its SQL can be checked per provider).</summary>
public static class TagQueries
{
    /// <summary>
    /// A tag as a response, its <c>articleCount</c> still 0: the counts of every tag come from one query
    /// (<see cref="ArticleCounts"/>), kept between writes, instead of a count per tag in every read.
    /// </summary>
    public static readonly Expression<Func<Tag, TagResponse>> ToResponse = t => new TagResponse(
        t.Id,
        t.Name,
        t.Slug,
        t.Description,
        t.MetaTitle,
        t.MetaDescription,
        t.FeatureImageUrl,
        0,
        t.CreatedAt,
        t.UpdatedAt,
        Convert.ToHexStringLower(t.Version));

    /// <summary>How many articles visible at <paramref name="now"/> each tag has (tags without any are left out).</summary>
    public static IQueryable<TagArticleCount> ArticleCounts(BlogDbContext db, DateTime now) =>
        db.ArticleTags
            .Where(Visibility.OfAssignment(now))
            .GroupBy(at => at.TagId)
            .Select(g => new TagArticleCount(g.Key, g.Count()));

    /// <summary>The tags matching the list's filter, by name.</summary>
    public static IQueryable<TagResponse> List(BlogDbContext db, TagListQuery query) =>
        ByName(Filtered(db, query)).Select(ToResponse);

    /// <summary>The ids of the tags matching the list's filter, by name (sorting by article count happens in memory).</summary>
    public static IQueryable<int> IdsByName(BlogDbContext db, TagListQuery query) =>
        ByName(Filtered(db, query)).Select(t => t.Id);

    public static IQueryable<TagResponse> WithIds(BlogDbContext db, int[] ids) =>
        db.Tags.Where(t => ids.Contains(t.Id)).Select(ToResponse);

    /// <summary>Tags after <paramref name="afterId"/> in id order (a sync's initial pages).</summary>
    public static IQueryable<TagResponse> After(BlogDbContext db, int afterId, int take) =>
        db.Tags.Where(t => t.Id > afterId).OrderBy(t => t.Id).Take(take).Select(ToResponse);

    public static IQueryable<TagResponse> ById(BlogDbContext db, int id) =>
        db.Tags.Where(t => t.Id == id).Select(ToResponse);

    public static IQueryable<TagResponse> BySlug(BlogDbContext db, string slug) =>
        db.Tags.Where(t => t.Slug == slug).Select(ToResponse);

    private static IQueryable<Tag> Filtered(BlogDbContext db, TagListQuery query)
    {
        var tags = db.Tags.AsQueryable();
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var normalized = query.Q.Trim().ToUpperInvariant();
            tags = tags.Where(t => t.NormalizedName.Contains(normalized));
        }

        return tags;
    }

    private static IOrderedQueryable<Tag> ByName(IQueryable<Tag> tags) => tags.OrderBy(t => t.NormalizedName).ThenBy(t => t.Id);

    /// <summary>The current slug of the tag that once had <paramref name="oldSlug"/>.</summary>
    public static IQueryable<string> RedirectTarget(BlogDbContext db, string oldSlug) =>
        db.TagSlugRedirects.Where(r => r.Slug == oldSlug).Select(r => r.Tag.Slug);

    public static IQueryable<TagSlugRedirect> RedirectsFrom(BlogDbContext db, string[] slugs) =>
        db.TagSlugRedirects.Where(r => slugs.Contains(r.Slug));

    public static IQueryable<Tag> WithNormalizedName(BlogDbContext db, string normalizedName, int? exceptId) =>
        db.Tags.Where(t => t.NormalizedName == normalizedName && t.Id != exceptId);

    public static IQueryable<Tag> WithSlug(BlogDbContext db, string slug, int? exceptId) =>
        db.Tags.Where(t => t.Slug == slug && t.Id != exceptId);

    /// <summary>Slugs equal to <paramref name="baseSlug"/> or starting with it and a hyphen (candidates for "-2", "-3", …).</summary>
    public static IQueryable<string> SlugsLike(BlogDbContext db, string baseSlug)
    {
        var prefix = Slug.CandidatePrefix(baseSlug);
        return db.Tags.Where(t => t.Slug == baseSlug || t.Slug.StartsWith(prefix)).Select(t => t.Slug);
    }

    /// <summary>
    /// Tags whose normalized name or slug is one of the given values, and those whose slug a new tag made from one of
    /// <paramref name="baseSlugs"/> could collide with (equal to it, or starting with its candidate prefix).
    /// </summary>
    public static IQueryable<Tag> MatchingOrLike(BlogDbContext db, string[] normalizedNames, string[] slugs, string[] baseSlugs)
    {
        Expression<Func<Tag, bool>> filter = t =>
            normalizedNames.Contains(t.NormalizedName) || slugs.Contains(t.Slug) || baseSlugs.Contains(t.Slug);
        foreach (var prefix in baseSlugs.Select(Slug.CandidatePrefix).Distinct(StringComparer.Ordinal))
        {
            Expression<Func<Tag, bool>> like = t => t.Slug.StartsWith(prefix);
            filter = Expression.Lambda<Func<Tag, bool>>(
                Expression.OrElse(filter.Body, ReplacingExpressionVisitor.Replace(like.Parameters[0], filter.Parameters[0], like.Body)),
                filter.Parameters);
        }

        return db.Tags.Where(filter);
    }

    public static IQueryable<Tag> WithId(BlogDbContext db, int id) => db.Tags.Where(t => t.Id == id);

    public static IQueryable<Tag> WithVersion(BlogDbContext db, int id, byte[] version) =>
        db.Tags.Where(t => t.Id == id && t.Version == version);
}

/// <summary>A tag's number of visible articles.</summary>
public sealed record TagArticleCount(int TagId, int Count);

public static class TagSorts
{
    public const string Name = "name";
    public const string MostArticles = "-articleCount";
    public static readonly string[] All = [Name, MostArticles];
}
