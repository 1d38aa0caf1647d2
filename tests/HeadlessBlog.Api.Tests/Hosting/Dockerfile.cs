using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HeadlessBlog.Api.Tests.Hosting;

/// <summary>A step of a build stage that <see cref="BuildStageEmulator"/> carries out.</summary>
internal abstract record BuildStep(int Line);

internal sealed record WorkdirStep(int Line, string Path) : BuildStep(Line);

internal sealed record CopyStep(int Line, IReadOnlyList<string> Sources, string Destination) : BuildStep(Line);

internal sealed record EnvStep(int Line, string Name, string Value) : BuildStep(Line);

internal sealed record RunStep(int Line, string Command) : BuildStep(Line);

/// <summary>
/// A Dockerfile read as Docker reads it (comment lines dropped, '\' line continuations joined), and its first stage
/// turned into steps. Anything the emulation would not reproduce faithfully is refused, never skipped.
/// </summary>
internal sealed partial class Dockerfile
{
    private readonly List<(int Line, string Keyword, string Arguments)> instructions = [];

    public static Dockerfile Parse(string text)
    {
        var dockerfile = new Dockerfile();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var logical = new StringBuilder();
        var start = 0;
        for (var number = 1; number <= lines.Length; number++)
        {
            var line = lines[number - 1];
            if (EscapeDirective().Match(line) is { Success: true } escape && escape.Groups[1].Value != "\\")
            {
                throw new NotSupportedException($"Dockerfile line {number}: only '\\' is emulated as the escape character.");
            }

            if (line.TrimStart().StartsWith('#') || line.Trim().Length == 0)
            {
                continue;
            }

            start = logical.Length == 0 ? number : start;
            var continues = line.TrimEnd().EndsWith('\\');
            logical.Append(continues ? line.TrimEnd()[..^1] : line);
            if (!continues)
            {
                dockerfile.Add(start, logical.ToString());
                logical.Clear();
            }
        }

        if (logical.Length > 0)
        {
            dockerfile.Add(start, logical.ToString());
        }

        return dockerfile;
    }

    /// <summary>The steps of the first stage: from the first FROM up to the next one.</summary>
    public IReadOnlyList<BuildStep> FirstStageSteps()
    {
        var (from, end) = FirstStage();
        return [.. instructions[(from + 1)..end].SelectMany(ToSteps)];
    }

    /// <summary>The paths that later stages copy out of the first stage (COPY --from= its name or 0).</summary>
    public IReadOnlyList<string> PathsCopiedOutOfFirstStage()
    {
        var (from, end) = FirstStage();
        var name = StageName().Match(instructions[from].Arguments).Groups[1].Value;
        return
        [
            .. instructions.Skip(end)
                .Where(i => i.Keyword == "COPY" && FromFlag().Match(i.Arguments) is { Success: true } flag
                    && (flag.Groups[1].Value == "0" || flag.Groups[1].Value.Equals(name, StringComparison.OrdinalIgnoreCase)))
                .SelectMany(i => Words(Flags().Match(i.Arguments).Groups["rest"].Value).SkipLast(1)),
        ];
    }

    private void Add(int line, string instruction)
    {
        var words = instruction.Trim().Split([' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries);
        instructions.Add((line, words[0].ToUpperInvariant(), words.Length > 1 ? words[1].Trim() : ""));
    }

    /// <summary>The index of the first FROM, and of the next FROM (or the end).</summary>
    private (int From, int End) FirstStage()
    {
        var from = instructions.FindIndex(i => i.Keyword == "FROM");
        if (from < 0)
        {
            throw new NotSupportedException("The Dockerfile has no FROM instruction.");
        }

        var next = instructions.FindIndex(from + 1, i => i.Keyword == "FROM");
        return (from, next < 0 ? instructions.Count : next);
    }

    private static IEnumerable<BuildStep> ToSteps((int Line, string Keyword, string Arguments) instruction)
    {
        var (line, keyword, arguments) = instruction;
        var flags = Flags().Match(arguments);
        var rest = flags.Groups["rest"].Value;
        var refuse = (string why) => new NotSupportedException(
            $"Dockerfile line {line}: {keyword} {arguments}\n{why}: the emulated build would differ from Docker's, so it refuses to run.");
        string Literal(string text) => text.Contains('$', StringComparison.Ordinal) ? throw refuse("variable substitution is not emulated") : text;

        foreach (var flag in flags.Groups["flag"].Captures.Select(c => c.Value.Trim()))
        {
            var harmless = keyword switch
            {
                "COPY" => flag.StartsWith("--chown=", StringComparison.Ordinal) || flag.StartsWith("--chmod=", StringComparison.Ordinal) || flag is "--link" or "--link=true",
                "RUN" => flag.StartsWith("--mount=type=cache,", StringComparison.Ordinal),
                _ => false,
            };
            if (!harmless)
            {
                throw refuse($"the flag {flag} is not emulated");
            }
        }

        if (rest.StartsWith("<<", StringComparison.Ordinal) || (keyword == "RUN" && rest.StartsWith('[')))
        {
            throw refuse("here-documents and the exec form of RUN are not emulated");
        }

        var legacyEnv = keyword == "ENV" && Words(rest) is [var name, _, ..] && !name.Contains('=', StringComparison.Ordinal);
        switch (keyword)
        {
            case "WORKDIR":
                return [new WorkdirStep(line, Literal(rest))];
            case "RUN":
                return [new RunStep(line, rest)];
            case "COPY":
                var paths = (rest.StartsWith('[') ? JsonSerializer.Deserialize<string[]>(rest)! : Words(rest)).Select(Literal).ToList();
                return paths.Count >= 2 ? [new CopyStep(line, paths[..^1], paths[^1])] : throw refuse("COPY needs a source and a destination");
            case "ENV" when legacyEnv:
                return [new EnvStep(line, Words(rest)[0], Literal(rest[Words(rest)[0].Length..].Trim()))];
            case "ENV" or "ARG" when rest.Length > 0 && Assignment().Replace(rest, "").Trim().Length == 0:
                return Assignment().Matches(rest).Select(m => new EnvStep(line, m.Groups[1].Value, Literal(Unquote(m.Groups[2].Value))));
            case "ENV" or "ARG":
                throw refuse("only NAME=value assignments are emulated (an ARG without a default would come from --build-arg)");
            case "LABEL" or "EXPOSE" or "CMD" or "ENTRYPOINT" or "STOPSIGNAL" or "HEALTHCHECK" or "MAINTAINER":
                return []; // image metadata only: the build stage's file system does not depend on it
            default:
                throw refuse($"{keyword} is not emulated");
        }
    }

    private static string[] Words(string text) => text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    private static string Unquote(string value) => value.StartsWith('\'')
        ? value[1..^1]
        : Regex.Replace(value.StartsWith('"') ? value[1..^1] : value, @"\\(.)", "$1");

    [GeneratedRegex(@"^#\s*escape\s*=\s*(\S)", RegexOptions.IgnoreCase)]
    private static partial Regex EscapeDirective();

    [GeneratedRegex(@"^(?<flag>--\S+\s+)*(?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex Flags();

    [GeneratedRegex(@"--from=(\S+)")]
    private static partial Regex FromFlag();

    [GeneratedRegex(@"\sAS\s+(\S+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex StageName();

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)=(""(?:[^""\\]|\\.)*""|'[^']*'|(?:[^\s""'\\]|\\.)*)")]
    private static partial Regex Assignment();
}
