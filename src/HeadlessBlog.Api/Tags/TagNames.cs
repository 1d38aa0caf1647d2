using HeadlessBlog.Api.Slugs;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Tags;

/// <summary>The tags an article's list of names stands for: existing ones matched by name or slug, new ones created.</summary>
public static class TagNames
{
    /// <summary>
    /// The tags of <paramref name="names"/> in order (duplicates ignored), creating those that do not exist (saved
    /// with the article). At most two queries for any number of names: one for the matching tags together with the
    /// stored slugs a new tag's slug could collide with, one for the redirects the new slugs take over.
    /// </summary>
    public static async Task<List<Tag>> ResolveAsync(
        BlogDbContext db, IReadOnlyList<string> names, DateTime now, CancellationToken cancellationToken)
    {
        var wanted = names.Select(n => n.Trim()).DistinctBy(n => n.ToUpperInvariant()).ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var baseSlugs = wanted.Select(n => Slug.From(n, fallback: "tag")).Distinct(StringComparer.Ordinal).ToArray();
        var known = await TagQueries.MatchingOrLike(
            db,
            [.. wanted.Select(n => n.ToUpperInvariant())],
            [.. wanted.Select(n => n.ToLowerInvariant())],
            baseSlugs).ToListAsync(cancellationToken);
        var taken = known.Select(t => t.Slug).ToHashSet(StringComparer.Ordinal);

        var tags = new List<Tag>(wanted.Count);
        var created = new List<string>();
        foreach (var name in wanted)
        {
            var upper = name.ToUpperInvariant();
            var lower = name.ToLowerInvariant();
            var tag = known.FirstOrDefault(t => t.NormalizedName == upper) ?? known.FirstOrDefault(t => t.Slug == lower);
            if (tag is null)
            {
                var slug = Slug.FirstFree(Slug.From(name, fallback: "tag"), taken);
                taken.Add(slug);
                created.Add(slug);
                tag = new Tag { Name = name, NormalizedName = upper, Slug = slug, CreatedAt = now, UpdatedAt = now };
                db.Tags.Add(tag);
                known.Add(tag);
            }

            if (!tags.Contains(tag))
            {
                tags.Add(tag);
            }
        }

        if (created.Count > 0)
        {
            // The new slugs now belong to the new tags, even if other tags had them before.
            db.TagSlugRedirects.RemoveRange(await TagQueries.RedirectsFrom(db, [.. created]).ToListAsync(cancellationToken));
        }

        return tags;
    }
}
