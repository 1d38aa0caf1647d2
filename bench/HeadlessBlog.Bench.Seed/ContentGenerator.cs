using System.Globalization;
using System.Text;

namespace HeadlessBlog.Bench.Seed;

/// <summary>
/// Deterministic blog content: every value is a function of the seed and the item's number only (each item has its
/// own random generator), so the same seed gives the same data set whatever the batch size or the order of work.
/// </summary>
internal sealed class ContentGenerator(int seed)
{
    private const int BodyWordsMin = 1_400;
    private const int BodyWordsMax = 1_600;

    public Random For(string purpose, int index) => new(Mix(seed, purpose, index));

    /// <summary>A unique title: its number comes last, after a word, so two numbers never give the same slug.</summary>
    public string Title(int index)
    {
        var random = For("title", index);
        var topic = Pick(random, Topics);
        var pattern = Pick(random, TitlePatterns);
        var title = string.Format(CultureInfo.InvariantCulture, pattern, topic, Capitalize(topic));
        return string.Create(CultureInfo.InvariantCulture, $"{title}, part {index + 1}");
    }

    /// <summary>The topic of article <paramref name="index"/>'s title.</summary>
    private string TopicOf(int index) => Pick(For("title", index), Topics);

    /// <summary>A unique summary (it names the article's number) of two or three sentences.</summary>
    public string Summary(int index)
    {
        var random = For("summary", index);
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"Part {index + 1} of the series on {TopicOf(index)}. ");
        builder.Append(Sentence(random, links: false, inline: false));
        if (random.Next(2) == 0)
        {
            builder.Append(' ').Append(Sentence(random, links: false, inline: false));
        }

        return builder.ToString();
    }

    /// <summary>The name of tag number <paramref name="index"/>: a subject, then a qualifier once the subjects run out.</summary>
    public static string TagName(int index)
    {
        var subject = TagSubjects[index % TagSubjects.Length];
        var round = index / TagSubjects.Length;
        return round switch
        {
            0 => subject,
            _ when round <= TagQualifiers.Length => subject + " " + TagQualifiers[round - 1],
            _ => string.Create(CultureInfo.InvariantCulture, $"{subject} {round - TagQualifiers.Length + 1}"),
        };
    }

    /// <summary>A Markdown body of about 1,500 words: sections with headings, paragraphs, lists, links, quotes and code.</summary>
    public string Body(int index)
    {
        var random = For("body", index);
        var target = random.Next(BodyWordsMin, BodyWordsMax + 1);
        var body = new MarkdownWriter();
        var topic = Pick(random, Topics);

        body.Paragraph(string.Create(CultureInfo.InvariantCulture,
            $"This article is about {topic}. {Sentence(random, links: true, inline: true)} {Sentence(random, links: false, inline: true)}"));
        body.Paragraph(Paragraph(random, 3, 5));

        var section = 0;
        while (body.Words < target)
        {
            section++;
            body.Heading(2, Heading(random, section));
            body.Paragraph(Paragraph(random, 3, 6));
            switch (section % 4)
            {
                case 1:
                    body.BulletList(Enumerable.Range(0, random.Next(3, 7)).Select(_ => ListItem(random)));
                    body.Paragraph(Paragraph(random, 2, 4));
                    break;
                case 2:
                    body.Heading(3, Heading(random, section + 100));
                    body.Paragraph(Paragraph(random, 3, 5));
                    body.NumberedList(Enumerable.Range(0, random.Next(3, 6)).Select(_ => ListItem(random)));
                    break;
                case 3:
                    body.Quote(Sentence(random, links: false, inline: false) + " " + Sentence(random, links: false, inline: false));
                    body.Paragraph(Paragraph(random, 2, 5));
                    break;
                default:
                    body.Code(CodeSample(random));
                    body.Paragraph(Paragraph(random, 2, 4));
                    break;
            }
        }

        body.Heading(2, "Further reading");
        body.BulletList(Enumerable.Range(0, 3).Select(_ => Link(random)));
        return body.ToString();
    }

    private static string Paragraph(Random random, int minSentences, int maxSentences)
    {
        var count = random.Next(minSentences, maxSentences + 1);
        return string.Join(' ', Enumerable.Range(0, count).Select(_ => Sentence(random, links: true, inline: true)));
    }

    private static string Sentence(Random random, bool links, bool inline)
    {
        var template = Pick(random, SentenceTemplates);
        var builder = new StringBuilder(template.Length * 2);
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '{')
            {
                builder.Append(template[i]);
                continue;
            }

            var end = template.IndexOf('}', i);
            var slot = template[(i + 1)..end];
            i = end;
            var word = slot switch
            {
                "N" => Pick(random, Nouns),
                "P" => Pick(random, PluralNouns),
                "A" => Pick(random, Adjectives),
                "V" => Pick(random, Verbs).Third,
                "B" => Pick(random, Verbs).Base,
                "T" => Pick(random, Topics),
                _ => throw new InvalidOperationException($"Unknown slot {slot}."),
            };
            builder.Append(Decorate(random, word, links, inline));
        }

        var sentence = builder.ToString();
        return char.ToUpperInvariant(sentence[0]) + sentence[1..];
    }

    private static string Decorate(Random random, string word, bool links, bool inline)
    {
        var roll = random.Next(100);
        return roll switch
        {
            < 2 when links => $"[{word}](https://example.com/{Slug(word)})",
            < 5 when inline => $"**{word}**",
            < 7 when inline => $"*{word}*",
            < 8 when inline => $"`{Slug(word)}`",
            _ => word,
        };
    }

    private static string ListItem(Random random)
    {
        var item = $"{Capitalize(Pick(random, Verbs).Base)} the {Pick(random, Adjectives)} {Pick(random, Nouns)} before the {Pick(random, Nouns)}";
        return random.Next(4) == 0 ? $"{item}: see [the {Pick(random, Nouns)} notes](https://example.com/notes/{random.Next(1000, 9999)})" : item;
    }

    private static string Link(Random random)
    {
        var topic = Pick(random, Topics);
        return $"[{Capitalize(topic)} explained](https://example.com/guides/{Slug(topic)})";
    }

    private static string Heading(Random random, int section) => section switch
    {
        1 => "Why " + Pick(random, Topics) + " matters",
        _ => Capitalize(string.Format(CultureInfo.InvariantCulture, Pick(random, HeadingPatterns),
            Pick(random, Adjectives), Pick(random, PluralNouns), Pick(random, Topics))),
    };

    private static string CodeSample(Random random)
    {
        var noun = Slug(Pick(random, Nouns)).Replace("-", "", StringComparison.Ordinal);
        var verb = Capitalize(Pick(random, Verbs).Base);
        return $$"""
            public async Task<{{Capitalize(noun)}}> {{verb}}Async(int id, CancellationToken cancellationToken)
            {
                var {{noun}} = await _store.FindAsync(id, cancellationToken);
                if ({{noun}} is null)
                {
                    throw new InvalidOperationException("No {{noun}} " + id);
                }

                return {{noun}};
            }
            """;
    }

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string Slug(string text) => text.ToLowerInvariant().Replace(' ', '-');

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    /// <summary>SplitMix64 of the seed, the purpose and the index: independent streams per item.</summary>
    private static int Mix(int seed, string purpose, int index)
    {
        var x = ((ulong)(uint)seed << 32) | (uint)index;
        foreach (var c in purpose)
        {
            x = (x * 31) + c;
        }

        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (int)(x & int.MaxValue);
    }

    /// <summary>Builds Markdown block by block and keeps a rough word count.</summary>
    private sealed class MarkdownWriter
    {
        private readonly StringBuilder _text = new();

        public int Words { get; private set; }

        public void Heading(int level, string text) => Block(new string('#', level) + " " + text);

        public void Paragraph(string text) => Block(text);

        public void Quote(string text) => Block("> " + text);

        public void BulletList(IEnumerable<string> items) => Block(string.Join('\n', items.Select(i => "- " + i)));

        public void NumberedList(IEnumerable<string> items) =>
            Block(string.Join('\n', items.Select((item, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {item}"))));

        public void Code(string code) => Block("```csharp\n" + code + "\n```");

        public override string ToString() => _text.ToString();

        private void Block(string block)
        {
            if (_text.Length > 0)
            {
                _text.Append("\n\n");
            }

            _text.Append(block);
            Words += block.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length;
        }
    }

    private static readonly string[] Topics =
    [
        "caching strategies", "cache invalidation", "event sourcing", "message queues", "database indexing",
        "query planning", "connection pooling", "feature flags", "blue-green deployments", "observability",
        "structured logging", "distributed tracing", "rate limiting", "API versioning", "schema migrations",
        "content delivery networks", "static site generation", "headless content", "search relevance",
        "full-text search", "background jobs", "retry policies", "circuit breakers", "load balancing",
        "container images", "infrastructure as code", "secret management", "access control", "password hashing",
        "web accessibility", "image optimization", "responsive layouts", "type systems", "code review",
        "pair programming", "technical debt", "monorepos", "continuous delivery", "integration testing",
        "property-based testing", "performance budgets", "memory profiling", "garbage collection",
        "async programming", "concurrency bugs", "data modeling", "domain events", "editorial workflows",
        "markdown rendering", "HTTP caching",
    ];

    private static readonly string[] TitlePatterns =
    [
        "A practical guide to {0}", "{1} in production", "What we learned from {0}", "Scaling {0} without the pain",
        "{1}: lessons from the field", "Getting started with {0}", "Ten mistakes teams make with {0}",
        "The case for {0}", "Rethinking {0}", "A deep dive into {0}", "{1} for small teams",
        "Debugging {0} at scale", "The hidden cost of {0}", "Notes on {0}",
    ];

    private static readonly string[] HeadingPatterns =
    [
        "{0} {1} in practice", "what {1} teach us about {2}", "measuring {1}", "when {2} goes wrong",
        "a closer look at {2}", "the trouble with {0} {1}", "{2} step by step", "trade-offs of {0} {1}",
        "what we would do differently", "keeping {1} {0}",
    ];

    private static readonly string[] SentenceTemplates =
    [
        "the {A} {N} {V} every {N} that the team {V} later.",
        "when the {N} {V} a {A} {N}, we {B} the {P} before the next release.",
        "most {P} {B} {A} {P} because the {N} is {A}.",
        "in practice, {T} {V} the way we {B} {P}.",
        "we measured the {N} under load and found that {A} {P} {B} faster with a {A} {N}.",
        "a {A} {N} is easier to {B} than a {A} one.",
        "keep the {N} small, {B} the {P} early and let the {N} {B} the rest.",
        "this is where {T} helps: it {V} the {N} without a {A} {N}.",
        "nobody wants to {B} a {A} {N} at three in the morning.",
        "the first version {V} the {N}; the second one {V} the {P} as well.",
        "if your {P} are {A}, {T} will not save you.",
        "our {N} {V} about a thousand {P} a day, and each one {V} the {N}.",
        "it is tempting to {B} the {N} directly, but the {A} {P} usually {B} it for you.",
        "after a week with {T}, the {P} looked much more {A}.",
        "the {N} and the {N} should never {B} the same {P}.",
    ];

    private static readonly string[] Nouns =
    [
        "service", "request", "response", "database", "index", "query", "cache", "queue", "worker", "deployment",
        "release", "article", "editor", "reader", "tag", "page", "endpoint", "schema", "migration", "table",
        "transaction", "connection", "thread", "process", "container", "cluster", "node", "metric", "dashboard",
        "alert", "log line", "trace", "budget", "benchmark", "server", "client", "browser", "pipeline", "build",
        "test", "branch", "commit", "review", "team", "incident", "runbook", "feature", "flag", "model", "report",
    ];

    private static readonly string[] PluralNouns =
    [
        "services", "requests", "responses", "databases", "indexes", "queries", "caches", "queues", "workers",
        "deployments", "releases", "articles", "editors", "readers", "tags", "pages", "endpoints", "schemas",
        "migrations", "tables", "transactions", "connections", "threads", "containers", "clusters", "metrics",
        "dashboards", "alerts", "traces", "benchmarks", "servers", "clients", "pipelines", "builds", "tests",
        "branches", "commits", "reviews", "teams", "incidents", "features", "flags", "reports",
    ];

    private static readonly string[] Adjectives =
    [
        "small", "large", "slow", "fast", "stale", "fresh", "simple", "complex", "reliable", "fragile", "cheap",
        "expensive", "shared", "private", "public", "hot", "cold", "busy", "idle", "careful", "naive", "robust",
        "predictable", "noisy", "quiet", "readable", "flexible", "strict", "lazy", "eager", "concurrent", "durable",
    ];

    private static readonly (string Base, string Third)[] Verbs =
    [
        ("cache", "caches"), ("index", "indexes"), ("serve", "serves"), ("render", "renders"), ("store", "stores"),
        ("publish", "publishes"), ("measure", "measures"), ("retry", "retries"), ("validate", "validates"),
        ("deploy", "deploys"), ("monitor", "monitors"), ("rewrite", "rewrites"), ("simplify", "simplifies"),
        ("replace", "replaces"), ("split", "splits"), ("merge", "merges"), ("review", "reviews"), ("test", "tests"),
        ("optimize", "optimizes"), ("batch", "batches"), ("invalidate", "invalidates"), ("schedule", "schedules"),
        ("handle", "handles"), ("read", "reads"), ("write", "writes"), ("compress", "compresses"),
        ("document", "documents"), ("profile", "profiles"), ("trace", "traces"), ("migrate", "migrates"),
    ];

    private static readonly string[] TagSubjects =
    [
        "Architecture", "Databases", "Performance", "Caching", "Testing", "DevOps", "Security", "Frontend", "Backend",
        "APIs", "Cloud", "Observability", "Career", "Leadership", "Open Source", "Tooling", "Accessibility", "Design",
        "Data", "Machine Learning", "Search", "Content Strategy", "Writing", "Productivity", "Networking", "Linux",
        "Containers", "Kubernetes", "Serverless", "Mobile", "JavaScript", "TypeScript", "C#", ".NET", "Rust", "Go",
        "Python", "SQL", "NoSQL", "Messaging", "Distributed Systems", "Reliability", "Incidents", "Migrations",
        "Refactoring", "Code Review", "Documentation", "Privacy", "Compliance", "Analytics", "Experimentation", "UX",
        "CSS", "HTML", "HTTP", "Edge Computing", "CDN", "Monitoring", "Logging", "Tracing",
    ];

    private static readonly string[] TagQualifiers =
    [
        "Internals", "Patterns", "Basics", "In Practice", "At Scale", "Deep Dives", "News", "Case Studies", "Tips",
        "History", "Research", "Interviews", "Tutorials", "Opinion", "Benchmarks", "Pitfalls", "Roadmaps",
        "Workshops", "Reading List", "Q&A", "Postmortems", "Recipes", "Cheat Sheets", "Trends",
    ];
}
