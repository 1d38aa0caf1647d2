using HeadlessBlog.Api.Infrastructure;
using HeadlessBlog.Data;
using Mapster;

namespace HeadlessBlog.Api.Tags;

/// <summary>Every query the tag endpoints send to the database, as composable LINQ (so its SQL can be checked per provider).</summary>
public static class TagQueries
{
    public static IQueryable<TagResponse> List(BlogDbContext db, TagListQuery query, TypeAdapterConfig mapping)
    {
        var tags = db.Tags.AsQueryable();
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var normalized = query.Q.Trim().ToUpperInvariant();
            tags = tags.Where(t => t.NormalizedName.Contains(normalized));
        }

        return tags.OrderBy(t => t.NormalizedName).ThenBy(t => t.Id).ProjectToType<TagResponse>(mapping);
    }

    public static IQueryable<TagResponse> ById(BlogDbContext db, int id, TypeAdapterConfig mapping) =>
        db.Tags.Where(t => t.Id == id).ProjectToType<TagResponse>(mapping);

    public static IQueryable<TagResponse> BySlug(BlogDbContext db, string slug, TypeAdapterConfig mapping) =>
        db.Tags.Where(t => t.Slug == slug).ProjectToType<TagResponse>(mapping);

    public static IQueryable<Tag> WithNormalizedName(BlogDbContext db, string normalizedName, int? exceptId) =>
        db.Tags.Where(t => t.NormalizedName == normalizedName && t.Id != exceptId);

    public static IQueryable<Tag> WithSlug(BlogDbContext db, string slug, int? exceptId) =>
        db.Tags.Where(t => t.Slug == slug && t.Id != exceptId);

    /// <summary>Slugs equal to <paramref name="baseSlug"/> or starting with it and a hyphen (candidates for "-2", "-3", …).</summary>
    public static IQueryable<string> SlugsLike(BlogDbContext db, string baseSlug)
    {
        var prefix = Slugs.CandidatePrefix(baseSlug);
        return db.Tags.Where(t => t.Slug == baseSlug || t.Slug.StartsWith(prefix)).Select(t => t.Slug);
    }

    /// <summary>Tags whose normalized name or slug is one of the given values.</summary>
    public static IQueryable<Tag> Matching(BlogDbContext db, string[] normalizedNames, string[] slugs) =>
        db.Tags.Where(t => normalizedNames.Contains(t.NormalizedName) || slugs.Contains(t.Slug));

    public static IQueryable<Tag> WithId(BlogDbContext db, int id) => db.Tags.Where(t => t.Id == id);
}
