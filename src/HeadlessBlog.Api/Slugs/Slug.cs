using System.Text;
using System.Text.RegularExpressions;
using AnyAscii;
using HeadlessBlog.Data;

namespace HeadlessBlog.Api.Slugs;

/// <summary>URL slugs: lowercase a–z, 0–9 and single hyphens.</summary>
public static partial class Slug
{
    public const string Pattern = "^[a-z0-9]+(?:-[a-z0-9]+)*$";

    [GeneratedRegex(Pattern)]
    private static partial Regex ValidSlug();

    public static bool IsValid(string? slug) =>
        slug is { Length: > 0 and <= Limits.SlugMaxLength } && ValidSlug().IsMatch(slug);

    /// <summary>
    /// Builds a slug from free text, transliterating to ASCII ("Café déjà vu" → "cafe-deja-vu").
    /// Returns <paramref name="fallback"/> when nothing usable remains.
    /// </summary>
    public static string From(string text, string fallback, int maxLength = Limits.SlugMaxLength)
    {
        var ascii = text.Transliterate();
        var builder = new StringBuilder(ascii.Length);
        var pendingHyphen = false;
        foreach (var c in ascii)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingHyphen && builder.Length > 0)
                {
                    builder.Append('-');
                }

                builder.Append(char.ToLowerInvariant(c));
                pendingHyphen = false;
            }
            else
            {
                pendingHyphen = true;
            }
        }

        var slug = builder.ToString();
        if (slug.Length > maxLength)
        {
            slug = slug[..maxLength];
            var lastHyphen = slug.LastIndexOf('-');
            slug = lastHyphen > 0 ? slug[..lastHyphen] : slug;
        }

        return slug.Length == 0 ? fallback : slug;
    }

    /// <summary>Room kept for a "-N" suffix: a long slug is cut before the suffix, so its candidates share a shorter prefix.</summary>
    private const int SuffixRoom = 12;

    /// <summary>A prefix shared by every candidate <see cref="FirstFree"/> may produce for <paramref name="baseSlug"/>.</summary>
    public static string CandidatePrefix(string baseSlug) =>
        baseSlug.Length > Limits.SlugMaxLength - SuffixRoom ? baseSlug[..(Limits.SlugMaxLength - SuffixRoom)] : baseSlug + "-";

    /// <summary>The first of "base", "base-2", "base-3", … that <paramref name="taken"/> does not contain.</summary>
    public static string FirstFree(string baseSlug, IReadOnlySet<string> taken)
    {
        if (!taken.Contains(baseSlug))
        {
            return baseSlug;
        }

        for (var n = 2; ; n++)
        {
            var suffix = "-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var stem = baseSlug.Length + suffix.Length > Limits.SlugMaxLength
                ? baseSlug[..(Limits.SlugMaxLength - suffix.Length)].TrimEnd('-')
                : baseSlug;
            var candidate = stem + suffix;
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }
}
