using System.Globalization;

namespace HeadlessBlog.Bench.Seed;

/// <summary>The seed tool's own options; every other argument is configuration, as for the API.</summary>
internal sealed record SeedOptions
{
    public const string Usage = """
        HeadlessBlog.Bench.Seed: loads a deterministic benchmark data set straight into the database.

        Usage: HeadlessBlog.Bench.Seed [options] [--Database:Provider Sqlite|SqlServer] [--ConnectionStrings:Blog "..."]

          --articles N     articles to create (default 1000)
          --tags T         tags to create, at least 3; each article gets 3 of them (default 50)
          --seed S         random seed: the same seed gives the same content (default 42)
          --bodies B       distinct Markdown bodies rendered once and reused round-robin (default 64)
          --batch-size K   articles per transaction (default 1000)
          --until DATE     publication times are spread over the 3 years before DATE (yyyy-MM-dd, UTC;
                           default: today, so every article is visible)
          --force          run on a database that has content: DELETES every article and tag first
          --help           show this help

        Database settings are read like the API's: Database:Provider and ConnectionStrings:Blog from the
        command line or the environment (Database__Provider, ConnectionStrings__Blog). Pending migrations
        are applied first.
        """;

    public int Articles { get; init; } = 1000;
    public int Tags { get; init; } = 50;
    public int Seed { get; init; } = 42;
    public int Bodies { get; init; } = 64;
    public int BatchSize { get; init; } = 1000;
    public DateTime Until { get; init; } = DateTime.UtcNow.Date;
    public bool Force { get; init; }
    public bool Help { get; init; }

    /// <summary>Takes the seed tool's options out of <paramref name="args"/>; what is left is configuration.</summary>
    public static (SeedOptions Options, string[] ConfigurationArgs) Parse(IReadOnlyList<string> args)
    {
        var options = new SeedOptions();
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var (name, inlineValue) = arg.Split('=', 2) is [var n, var v] ? (n, v) : (arg, null);
            string Value()
            {
                if (inlineValue is not null)
                {
                    return inlineValue;
                }

                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"{name} needs a value.");
                }

                return args[++i];
            }

            switch (name)
            {
                case "--articles":
                    options = options with { Articles = Number(name, Value(), min: 0) };
                    break;
                case "--tags":
                    options = options with { Tags = Number(name, Value(), min: 3) };
                    break;
                case "--seed":
                    options = options with { Seed = Number(name, Value(), min: int.MinValue) };
                    break;
                case "--bodies":
                    options = options with { Bodies = Number(name, Value(), min: 1) };
                    break;
                case "--batch-size":
                    options = options with { BatchSize = Number(name, Value(), min: 1) };
                    break;
                case "--until":
                    options = options with { Until = Date(name, Value()) };
                    break;
                case "--force":
                    options = options with { Force = true };
                    break;
                case "--help" or "-h" or "-?":
                    options = options with { Help = true };
                    break;
                default:
                    rest.Add(arg);
                    break;
            }
        }

        return (options, rest.ToArray());
    }

    private static int Number(string name, string value, int min)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < min)
        {
            throw new ArgumentException($"{name} must be a whole number of at least {min}, not '{value}'.");
        }

        return number;
    }

    private static DateTime Date(string name, string value)
    {
        if (!DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
        {
            throw new ArgumentException($"{name} must be a date (yyyy-MM-dd), not '{value}'.");
        }

        return DateTime.SpecifyKind(date, DateTimeKind.Utc);
    }
}
