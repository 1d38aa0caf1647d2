using System.Globalization;
using DiffPlex;
using DiffPlex.Chunkers;
using DiffPlex.Model;

namespace HeadlessBlog.Api.Revisions;

/// <summary>What changed between two revisions: scalar fields, the ordered lists, and the body as a unified diff (DiffPlex).</summary>
internal static class RevisionDiffs
{
    /// <summary>Lines of unchanged text around each change, as in <c>diff -u</c>.</summary>
    public const int ContextLines = 3;

    public static RevisionDiff Between(RevisionResponse from, RevisionResponse to)
    {
        var fields = new Dictionary<string, FieldChange>();
        void Compare(string name, string? a, string? b)
        {
            if (a != b)
            {
                fields[name] = new FieldChange(a, b);
            }
        }

        Compare("title", from.Title, to.Title);
        Compare("slug", from.Slug, to.Slug);
        Compare("summary", from.Summary, to.Summary);
        Compare("featureImageUrl", from.FeatureImageUrl, to.FeatureImageUrl);
        Compare("featureImageAlt", from.FeatureImageAlt, to.FeatureImageAlt);
        Compare("featureImageCaption", from.FeatureImageCaption, to.FeatureImageCaption);
        Compare("metaTitle", from.MetaTitle, to.MetaTitle);
        Compare("metaDescription", from.MetaDescription, to.MetaDescription);
        Compare("canonicalUrl", from.CanonicalUrl, to.CanonicalUrl);
        Compare("ogImageUrl", from.OgImageUrl, to.OgImageUrl);
        Compare("ogTitle", from.OgTitle, to.OgTitle);
        Compare("ogDescription", from.OgDescription, to.OgDescription);
        Compare("twitterImageUrl", from.TwitterImageUrl, to.TwitterImageUrl);
        Compare("twitterTitle", from.TwitterTitle, to.TwitterTitle);
        Compare("twitterDescription", from.TwitterDescription, to.TwitterDescription);
        Compare("status", from.Status, to.Status);
        Compare("publishedAt", Timestamp(from.PublishedAt), Timestamp(to.PublishedAt));
        return new RevisionDiff(
            from.Number, to.Number, fields, Lists(from.Tags, to.Tags), Lists(from.RelatedArticleIds, to.RelatedArticleIds),
            new BodyDiff(Hunks(from.Body, to.Body)));
    }

    private static string? Timestamp(DateTime? value) => value?.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Added, removed, and kept items whose position among the kept ones changed.</summary>
    private static ListChange<T> Lists<T>(IReadOnlyList<T> from, IReadOnlyList<T> to)
    {
        var kept = from.Intersect(to).ToHashSet();
        var keptFrom = from.Where(kept.Contains).ToList();
        var keptTo = to.Where(kept.Contains).ToList();
        return new ListChange<T>(
            [.. to.Except(from)],
            [.. from.Except(to)],
            [.. keptTo.Where((item, index) => !EqualityComparer<T>.Default.Equals(keptFrom[index], item))]);
    }

    /// <summary>The unified-diff hunks turning <paramref name="older"/> into <paramref name="newer"/>, line by line.</summary>
    public static List<DiffHunk> Hunks(string older, string newer)
    {
        var diff = Differ.Instance.CreateDiffs(older, newer, ignoreWhiteSpace: false, ignoreCase: false, LineChunker.Instance);
        var hunks = new List<DiffHunk>();
        var blocks = diff.DiffBlocks.OrderBy(b => b.DeleteStartA).ToList();
        var first = 0;
        while (first < blocks.Count)
        {
            // Blocks closer than twice the context share a hunk.
            var last = first;
            while (last + 1 < blocks.Count && blocks[last + 1].DeleteStartA - EndA(blocks[last]) <= 2 * ContextLines)
            {
                last++;
            }

            hunks.Add(Hunk(diff, blocks[first..(last + 1)]));
            first = last + 1;
        }

        return hunks;
    }

    private static int EndA(DiffBlock block) => block.DeleteStartA + block.DeleteCountA;

    private static DiffHunk Hunk(DiffResult diff, List<DiffBlock> blocks)
    {
        var (old, @new) = (diff.PiecesOld, diff.PiecesNew);
        var startA = Math.Max(0, blocks[0].DeleteStartA - ContextLines);
        var startB = blocks[0].InsertStartB - (blocks[0].DeleteStartA - startA);
        var endA = Math.Min(old.Count, EndA(blocks[^1]) + ContextLines);
        var endB = blocks[^1].InsertStartB + blocks[^1].InsertCountB + (endA - EndA(blocks[^1]));
        var lines = new List<string>();
        var a = startA;
        foreach (var block in blocks)
        {
            for (; a < block.DeleteStartA; a++)
            {
                lines.Add(" " + old[a]);
            }

            lines.AddRange(Enumerable.Range(block.DeleteStartA, block.DeleteCountA).Select(i => "-" + old[i]));
            lines.AddRange(Enumerable.Range(block.InsertStartB, block.InsertCountB).Select(i => "+" + @new[i]));
            a = EndA(block);
        }

        for (; a < endA; a++)
        {
            lines.Add(" " + old[a]);
        }

        // 1-based; an empty range names the line before it, as diff -u does.
        int Start(int start, int count) => count == 0 ? start : start + 1;
        return new DiffHunk(Start(startA, endA - startA), endA - startA, Start(startB, endB - startB), endB - startB, lines);
    }
}
