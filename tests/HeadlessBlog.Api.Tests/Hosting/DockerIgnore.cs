using System.Text;
using System.Text.RegularExpressions;

namespace HeadlessBlog.Api.Tests.Hosting;

/// <summary>
/// The rules of a .dockerignore file, read with Docker's semantics: patterns are relative to the build context
/// (a leading or trailing '/' changes nothing), <c>**</c> spans any number of folders, <c>*</c> and <c>?</c> stay
/// within one path segment, a pattern that matches a folder matches everything under it, '!' lines re-include,
/// and the last line that matches decides.
/// </summary>
internal sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Reincludes)> rules = [];

    public static DockerIgnore Parse(string text)
    {
        var ignore = new DockerIgnore();
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var pattern = line.Trim();
            if (line.StartsWith('#') || pattern.Length == 0)
            {
                continue;
            }

            var reincludes = pattern.StartsWith('!');
            pattern = Clean(reincludes ? pattern[1..] : pattern);
            if (pattern.Length > 0)
            {
                ignore.rules.Add((Glob(pattern), reincludes));
            }
        }

        return ignore;
    }

    /// <summary>Whether a path of the build context ('/'-separated, relative to its root) is left out.</summary>
    public bool Excludes(string path)
    {
        var segments = path.Split('/');
        var selfAndFolders = Enumerable.Range(1, segments.Length).Select(count => string.Join('/', segments[..count])).ToList();
        var excluded = false;
        foreach (var (pattern, reincludes) in rules)
        {
            if (selfAndFolders.Any(pattern.IsMatch))
            {
                excluded = !reincludes;
            }
        }

        return excluded;
    }

    /// <summary>A Docker path pattern as a regular expression over a whole '/'-separated path.</summary>
    public static Regex Glob(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                i += i + 2 < pattern.Length && pattern[i + 2] == '/' ? 2 : 1;
                regex.Append(i + 1 == pattern.Length ? ".*" : "(.*/)?");
            }
            else if (pattern[i] is '[' && pattern.IndexOf(']', i + 1) is var end and > 0)
            {
                regex.Append(pattern, i, end - i + 1);
                i = end;
            }
            else
            {
                regex.Append(pattern[i] switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    '\\' when i + 1 < pattern.Length => Regex.Escape(pattern[++i].ToString()),
                    var literal => Regex.Escape(literal.ToString()),
                });
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    /// <summary>Like Go's filepath.Clean, as Docker applies it: no empty, "." or leading/trailing '/' segments.</summary>
    private static string Clean(string pattern)
    {
        var segments = new List<string>();
        foreach (var segment in pattern.Trim().Split('/'))
        {
            if (segment == ".." && segments.Count > 0 && segments[^1] != "..")
            {
                segments.RemoveAt(segments.Count - 1);
            }
            else if (segment is not ("" or "."))
            {
                segments.Add(segment);
            }
        }

        return string.Join('/', segments);
    }
}
