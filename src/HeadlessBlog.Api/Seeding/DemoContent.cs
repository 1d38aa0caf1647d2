namespace HeadlessBlog.Api.Seeding;

/// <summary>A demo tag.</summary>
public sealed record DemoTag(string Name, string Slug, string Description);

/// <summary>A demo article; Tags are tag slugs in order (the first is the primary tag); RelatedSlugs are slugs of other demo articles in order.</summary>
public sealed record DemoArticle(string Title, string Slug, string Summary, string Body, int DaysAgo, string[] Tags, string[] RelatedSlugs);

/// <summary>Original demo content for a small tech blog, seeded into an empty database in Development.</summary>
public static class DemoContent
{
    public static IReadOnlyList<DemoTag> Tags { get; } =
    [
        new("AI", "ai", "Broad discussion of artificial intelligence systems, their capabilities and their practical limits."),
        new("Machine Learning", "machine-learning", "Training, evaluating and deploying models that learn from data."),
        new("LLMs", "llms", "Working with large language models, from prompting and retrieval to evaluation."),
        new("Open Source", "open-source", "Building, maintaining and using openly licensed software and models."),
        new("MLOps", "mlops", "The tooling and practices that keep machine learning systems reliable in production."),
        new("Engineering", "engineering", "General software engineering practice: design, testing, documentation and teamwork."),
        new("Search", "search", "Retrieval techniques, from keyword indexes to vector similarity search."),
    ];

    public static IReadOnlyList<DemoArticle> Articles { get; } =
    [
        new(
            "Evaluating LLM Outputs Without Fooling Yourself",
            "evaluating-llm-outputs-without-fooling-yourself",
            "Spot checks in a notebook make almost any prompt change look like an improvement. Here is how to build a small, honest evaluation setup for language model features.",
            """
            Evaluating the output of a large language model feels easy right up until you try to do it twice and get two different answers. A handful of spot checks in a notebook can convince a team that a prompt change is an improvement when it is really just noise. This post collects the habits that have helped us turn "it looks better" into something we can defend in a code review.

            ## Start with a fixed evaluation set

            Before comparing anything, freeze a set of inputs. It does not need to be large; fifty to two hundred carefully chosen examples usually beat thousands of random ones. Good sets tend to include:

            - Typical requests that reflect what real users send most often
            - Known failure cases collected from bug reports and support tickets
            - Adversarial inputs, such as ambiguous questions or instructions hidden in pasted text
            - A few examples where the correct answer is "I don't know"

            Store the set in version control next to the prompts it evaluates. When the set changes, treat it like a schema migration: note why, and rerun the baseline so old and new scores stay comparable.

            ## Decide what "good" means per task

            A single overall score hides more than it reveals. Break quality into criteria that match the task. For a summariser that might be faithfulness, coverage and length; for a support assistant it might be correctness, tone and whether it escalates when it should. Some criteria can be checked mechanically:

            ```python
            def check_summary(source: str, summary: str, max_words: int = 80) -> dict:
                words = summary.split()
                return {
                    "within_length": len(words) <= max_words,
                    "no_new_numbers": all(
                        token in source for token in words if token.isdigit()
                    ),
                    "non_empty": bool(summary.strip()),
                }
            ```

            Cheap checks like these will not tell you whether a summary is good, but they catch regressions instantly and cost nothing to run on every commit.

            ## Use model-based grading carefully

            Asking a second model to grade outputs scales well, but graders have biases of their own. They often prefer longer answers, favour the first option in a pairwise comparison and can be swayed by confident wording. A few mitigations help:

            1. Randomise the order of candidates in pairwise comparisons.
            2. Give the grader a rubric with concrete examples of each score.
            3. Periodically have a person label a sample and measure agreement with the grader.
            4. Report disagreements instead of averaging them away.

            If agreement between the grader and human reviewers is low, fix the rubric before trusting any numbers it produces.

            ## Account for randomness and close the loop

            Sampling temperature, retries and even infrastructure changes can shift outputs. Run each configuration several times and look at the spread, not only the mean. A change that moves the average by one point while the run-to-run variation is five points is not a result yet. The same discipline you would apply to any experiment pays off here; see [Making ML Experiments Reproducible](/articles/making-ml-experiments-reproducible) for the tooling side.

            Offline evaluation is still a proxy. Sample real traffic (with appropriate consent and anonymisation), review it regularly and feed new failure modes back into the fixed set. Over time the set becomes a record of everything your system has got wrong, which is exactly what a good regression suite should be. If your application retrieves documents before answering, evaluate retrieval separately as well; [Vector Search Basics](/articles/vector-search-basics-embeddings-indexes-and-trade-offs) covers the metrics worth tracking.
            """,
            3,
            ["llms", "ai", "engineering"],
            ["making-ml-experiments-reproducible", "vector-search-basics-embeddings-indexes-and-trade-offs"]),
        new(
            "Lessons From Maintaining a Small Open-Source Library",
            "lessons-from-maintaining-a-small-open-source-library",
            "A side project that quietly gained a few hundred dependents taught us a lot about scope, contributors, releases and compatibility. These are the habits that made maintenance sustainable.",
            """
            Three years ago we published a small library for parsing and validating configuration files. It was meant to scratch a personal itch, and it still fits in a few thousand lines of code. Somewhere along the way it picked up a few hundred dependent projects, a steady trickle of issues and a handful of regular contributors. None of that was planned, and most of what we learned about maintaining it came from getting things slightly wrong first.

            ## Scope is the most important feature

            The hardest and most useful word in maintenance is "no". Every feature request is reasonable in isolation, and every one of them adds code that has to be tested, documented and supported for years. Writing down the scope of the project in the README made those conversations much easier. Instead of debating each request on its merits, we can point to a short statement of what the library is for and ask whether the proposal fits.

            When a request does not fit, suggesting an extension point is often better than a flat refusal. A small hook that lets users plug in their own behaviour keeps the core small while still unblocking them.

            ## Make contributing predictable

            Contributors give up when they cannot tell what will happen to their work. A few things noticeably reduced the number of abandoned pull requests:

            - A `CONTRIBUTING.md` that explains how to run the tests locally in under five minutes
            - Issue templates that ask for a minimal reproduction and the version in use
            - Labels such as `good first issue` and `needs design` so people know where to start
            - A promise to give every pull request a first response within a week, even if it is only "thanks, I will review this at the weekend"

            The last point matters more than it looks. Silence is discouraging; a short acknowledgement keeps people engaged.

            ## Automate the boring parts

            Continuous integration runs the test suite against every supported runtime version, checks formatting and builds the documentation. Releases are cut from tags, and the changelog is assembled from pull request titles. A typical release now looks like this:

            ```bash
            git switch main
            git pull --ff-only
            git tag -a v2.4.0 -m "Release v2.4.0"
            git push origin v2.4.0
            ```

            Everything after the push happens in the pipeline, which means any maintainer can make a release without remembering a twelve-step checklist.

            ## Treat compatibility as a promise

            Users depend on behaviour you never meant to guarantee. The library follows semantic versioning, and anything that might break existing configuration files waits for a major version. Deprecations come with a warning for at least one minor release and a clear migration note. Licensing deserves the same care: state the terms clearly and keep them stable, a topic explored for models in [A Practical Guide to Licences for Open Models](/articles/a-practical-guide-to-licences-for-open-models).

            Finally, look after the maintainers. Burnout is real, and it rarely arrives as a single bad week. Setting expectations publicly, for example by stating that the project is maintained in spare time, protects both maintainers and users. Sharing commit access with trusted contributors spreads the load and means the project survives holidays. Good documentation also reduces the support burden more than almost anything else; there is more on that in [Writing Documentation People Actually Read](/articles/writing-documentation-people-actually-read).
            """,
            9,
            ["open-source", "engineering"],
            ["writing-documentation-people-actually-read", "a-practical-guide-to-licences-for-open-models"]),
        new(
            "Feature Stores Explained for Teams That Might Not Need One",
            "feature-stores-explained-for-teams-that-might-not-need-one",
            "What a feature store actually does, which problems it solves, and how to tell whether a simpler setup of shared transformations and SQL views will serve your team better for now.",
            """
            A feature store is one of those components that appears in nearly every diagram of a mature machine learning platform. It is also one of the easiest to adopt too early. This post explains what a feature store actually does, the problems it solves and some signs that a simpler setup will serve you better for now.

            ## What problem does it solve?

            Models consume features: numbers and categories derived from raw data, such as "orders placed in the last 30 days" or "average session length". Those features are needed in two places. During training you need historical values, computed as they would have been at a specific point in time. During serving you need the latest values, fast, usually within a few milliseconds.

            Without shared infrastructure, teams tend to write the same transformation twice: once in a batch job for training and once in the online service. The two versions drift apart, and the model sees different data in production than it saw during training. This training/serving skew is the core problem a feature store addresses.

            ## The main building blocks

            Most feature stores, whether bought or built, combine the same pieces:

            - **Feature definitions** kept in code, describing the source, the transformation and the entity the feature belongs to
            - **An offline store**, typically a data warehouse or object storage, holding the full history for training
            - **An online store**, usually a key-value database, holding the latest value per entity for low-latency lookups
            - **Point-in-time joins** that build training sets without leaking information from the future
            - **A registry** so people can discover, reuse and document existing features

            A feature definition might look something like this:

            ```python
            orders_30d = Feature(
                name="orders_last_30_days",
                entity="customer_id",
                source="warehouse.orders",
                aggregation=Count(window=timedelta(days=30)),
                owner="growth-team",
            )
            ```

            The exact syntax varies between tools, but the idea is the same: define once, materialise to both stores.

            ## Do you need one?

            A feature store pays off when several of these are true:

            1. Multiple models reuse the same features.
            2. Predictions are made online and need fresh values within tight latency budgets.
            3. You have already been bitten by training/serving skew.
            4. Different teams keep reimplementing similar features without knowing about each other.

            If you have one or two batch models that retrain weekly and score data in the warehouse, a well-organised set of SQL views and a shared library of transformations will probably take you further with less operational cost.

            ## A gradual path

            You do not have to adopt everything at once. A sensible progression is to start by moving feature logic into a single, tested package that both training and serving import. Next, add point-in-time correct training set generation, since leakage is a silent and expensive bug. Only when online latency becomes a real constraint does a dedicated online store earn its keep.

            Whatever you choose, record which feature versions each model was trained on. That link is essential for debugging, and it is a large part of making experiments repeatable, as discussed in [Making ML Experiments Reproducible](/articles/making-ml-experiments-reproducible).
            """,
            17,
            ["mlops", "machine-learning"],
            ["making-ml-experiments-reproducible"]),
        new(
            "Vector Search Basics: Embeddings, Indexes and Trade-offs",
            "vector-search-basics-embeddings-indexes-and-trade-offs",
            "A short tour of how vector search works, from embeddings and similarity functions to approximate indexes, recall measurements and a few practical tips for retrieval.",
            """
            Vector search has gone from a niche technique to a standard part of many applications, largely because retrieval-augmented generation needs a way to find relevant passages before a language model writes an answer. The core idea is simple, but the details decide whether results are fast, accurate and affordable. Here is a short tour of the moving parts.

            ## From text to vectors

            An embedding model maps a piece of text (or an image, or audio) to a list of numbers, typically a few hundred to a few thousand dimensions. Texts with similar meaning end up close together in that space. Searching then becomes a geometric question: given the vector for a query, which stored vectors are nearest?

            Closeness is usually measured with one of three functions:

            - **Cosine similarity**, which compares direction and ignores length
            - **Dot product**, which is equivalent to cosine when vectors are normalised
            - **Euclidean distance**, the straight-line distance between points

            Use whichever the embedding model was trained with. Mixing them up silently degrades results.

            ## Exact versus approximate search

            For a few thousand documents, brute force is fine: compare the query against every vector and sort.

            ```python
            import numpy as np

            def top_k(query: np.ndarray, matrix: np.ndarray, k: int = 5) -> np.ndarray:
                query = query / np.linalg.norm(query)
                matrix = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
                scores = matrix @ query
                return np.argsort(-scores)[:k]
            ```

            Beyond a few million vectors, or when latency matters, approximate nearest neighbour (ANN) indexes trade a little accuracy for a lot of speed. The common families behave quite differently:

            | Index type | How it works | Strengths | Weaknesses |
            | --- | --- | --- | --- |
            | Flat | Compares against every vector | Exact results, no training | Slow at scale |
            | IVF | Clusters vectors, searches the nearest clusters | Fast, modest memory | Needs training; recall depends on probes |
            | HNSW | Navigates a layered proximity graph | High recall, low latency | Memory hungry, slower inserts |
            | Product quantisation | Compresses vectors into short codes | Very low memory | Lower accuracy on its own |

            In practice these are often combined, for example clustering with compressed vectors inside each cluster.

            ## Measuring quality

            The key metric for an ANN index is recall@k: of the true top k neighbours found by exact search, how many did the index return? Measure it on a sample of real queries, and tune parameters such as the number of probes or the graph search width until recall and latency are both acceptable.

            Index recall is only half the story, though. Whether the nearest vectors are actually useful depends on the embedding model and on how documents were split. When you evaluate a full retrieval-augmented system, score retrieval and generation separately, as described in [Evaluating LLM Outputs Without Fooling Yourself](/articles/evaluating-llm-outputs-without-fooling-yourself).

            ## Practical tips

            1. Chunk documents into passages of a few hundred words with a little overlap.
            2. Store metadata alongside vectors so you can filter by date, language or permissions.
            3. Combine vector search with keyword search; hybrid ranking often beats either alone.
            4. Re-embed everything when you change embedding models, because vectors from different models are not comparable.
            """,
            24,
            ["search", "machine-learning", "llms"],
            ["evaluating-llm-outputs-without-fooling-yourself"]),
        new(
            "Running Machine Learning Models On-Device",
            "running-machine-learning-models-on-device",
            "Moving inference onto phones and laptops brings privacy, latency and cost benefits, but changes the engineering trade-offs. A practical look at compression, benchmarking and shipping models.",
            """
            Running a model directly on a phone, laptop or microcontroller used to be an exotic optimisation. Today it is a reasonable default for many features: keyboard suggestions, photo search, speech recognition and even small language models run locally on consumer hardware. Moving inference to the device changes the engineering trade-offs in ways that are worth understanding before you start.

            ## Why run models locally?

            The benefits are compelling when they apply:

            - **Privacy**: data never leaves the device, which simplifies compliance and builds trust
            - **Latency**: no network round trip, so responses feel instant
            - **Availability**: features keep working offline or on poor connections
            - **Cost**: inference happens on hardware the user already owns rather than on your servers

            The flip side is that you give up control. You cannot scale up a user's phone, and you cannot hot-fix a model that is already installed on millions of devices without shipping an update.

            ## Making models fit

            Device constraints are strict: limited memory, limited battery, thermal throttling and a wide range of hardware. The usual toolbox for shrinking models includes:

            1. **Quantisation**, storing weights as 8-bit or 4-bit integers instead of 32-bit floats. This often cuts size by four times or more at a small accuracy cost.
            2. **Pruning**, removing weights or whole channels that contribute little.
            3. **Distillation**, training a small student model to imitate a larger teacher.
            4. **Architecture choices**, picking models designed for mobile from the start rather than compressing a server model after the fact.

            Measure accuracy after each step on the same evaluation set. Compression errors compound, and a model that looks fine after quantisation may fall apart once it is also pruned.

            ## Measure on real hardware

            Benchmarks on a development machine say little about a mid-range phone from three years ago. Build a small harness that runs on target devices and records latency percentiles, peak memory and energy use. A simple command-line benchmark might look like this:

            ```bash
            ./bench --model model-int8.bin --input samples/ --runs 200 --report p50,p95,peak_mem
            ```

            Track those numbers in continuous integration the same way you track test results, so a model update that doubles memory use is caught before release.

            ## Shipping and updating

            Models are large assets, and users dislike large downloads. Common strategies are to ship a small model with the app and fetch a larger one on demand over Wi-Fi, or to deliver model updates separately from app updates. Either way, version the model explicitly, keep the ability to roll back and log which model version produced each prediction, without logging the private input itself.

            Many products also combine both worlds: a small local model answers first, and a larger hosted model takes over when confidence is low or the user opts in. If you go this route, evaluate both paths and the hand-off between them; the approach in [Evaluating LLM Outputs Without Fooling Yourself](/articles/evaluating-llm-outputs-without-fooling-yourself) applies to classic models too. If you build on an openly released model, check whether its terms allow redistribution inside your app, as covered in [A Practical Guide to Licences for Open Models](/articles/a-practical-guide-to-licences-for-open-models).
            """,
            31,
            ["machine-learning", "ai"],
            ["a-practical-guide-to-licences-for-open-models", "evaluating-llm-outputs-without-fooling-yourself"]),
        new(
            "A Practical Guide to Licences for Open Models",
            "a-practical-guide-to-licences-for-open-models",
            "Released weights can come with anything from a permissive software licence to custom terms with usage restrictions. The questions to answer before you build a product on an open model.",
            """
            "Open model" can mean very different things depending on who is saying it. Some releases come with a standard open-source licence, others use custom terms with usage restrictions, and some publish weights without any licence at all. If you plan to build a product on a released model, reading the licence is not optional. This guide walks through the questions worth asking. It is a starting point, not legal advice.

            ## Weights, code and data are separate

            A model release usually has several parts, and each may carry different terms:

            - The **inference or training code**, often under a familiar software licence
            - The **weights**, which may use a standard licence or a custom model licence
            - The **training data**, which is rarely redistributed and may have its own restrictions
            - The **documentation and model card**, sometimes under a content licence

            Check each part you actually use. A permissively licensed repository can still point to weights with much stricter conditions.

            ## Common licence families

            Broadly, the terms you will encounter fall into a few groups:

            | Family | Typical permissions | Typical conditions | Things to watch |
            | --- | --- | --- | --- |
            | Permissive (e.g. MIT, Apache 2.0) | Use, modify, redistribute, commercial use | Keep notices; Apache 2.0 adds a patent grant | Very few restrictions |
            | Copyleft (e.g. the GPL family) | Use, modify, redistribute | Share derived works under the same terms | How "derived work" applies to weights is debated |
            | Responsible-use licences | Use and redistribution | Pass on a list of prohibited uses | Restrictions flow down to your users |
            | Custom community licences | Often broad use | Usage caps, attribution, acceptable use policies | Thresholds and naming rules vary widely |
            | Non-commercial | Research and personal use | No commercial use | The definition of "commercial" can be broad |

            Licences that restrict fields of use do not meet the traditional open-source definitions, even when the weights are freely downloadable. That does not make them bad, but it does mean the word "open" in a project name tells you little.

            ## Questions to answer before shipping

            Work through these for every model you depend on:

            1. Is commercial use allowed, and are there thresholds such as user counts or revenue?
            2. Can you redistribute the weights, for example inside a mobile app or a container image?
            3. Do fine-tuned or distilled versions inherit the original terms?
            4. Are there acceptable use policies you must pass on to your own users?
            5. What attribution is required, and where must it appear?
            6. May outputs of the model be used to train other models?

            Write the answers down in a short record alongside the model version. Terms can change between releases, so the answers belong to a specific version, not to the model family.

            ## Keep an inventory

            Treat models like any other third-party dependency. Maintain a list of which models, versions and licences each service uses, and review it when upgrading. This matters even more for on-device deployments, where weights are physically distributed to users; see [Running Machine Learning Models On-Device](/articles/running-machine-learning-models-on-device).

            If you publish a model yourself, choose a licence deliberately and state clearly which terms apply to code, weights and data. Clear, stable terms make adoption easier, as discussed in [Lessons From Maintaining a Small Open-Source Library](/articles/lessons-from-maintaining-a-small-open-source-library).
            """,
            38,
            ["open-source", "ai", "llms"],
            ["running-machine-learning-models-on-device", "lessons-from-maintaining-a-small-open-source-library"]),
        new(
            "Making ML Experiments Reproducible",
            "making-ml-experiments-reproducible",
            "Most unreproducible results trace back to unpinned code, data, environment or configuration. A pragmatic checklist for making experiments repeatable without slowing the team down.",
            """
            Few things are as frustrating as a model you cannot rebuild. The metrics in last quarter's report were real, but nobody can reproduce them now: the data has changed, a dependency was upgraded and the notebook that produced the final run was edited afterwards. Reproducibility is not about perfection; it is about being able to explain, and ideally repeat, how a result came to be.

            ## The four things to pin

            Almost every reproducibility problem traces back to one of four moving parts:

            - **Code**: the exact commit, with no uncommitted changes
            - **Data**: a versioned snapshot or an immutable reference, not "the latest table"
            - **Environment**: library versions, runtime version and, where it matters, hardware and drivers
            - **Configuration**: hyperparameters, random seeds and feature definitions

            If a run records all four, you can usually get close to the original result. If it misses one, you are guessing.

            ## Configuration as a file, not as arguments

            Hyperparameters scattered across command-line flags and notebook cells are hard to track. Put them in a configuration file that is committed alongside the code and logged with every run:

            ```yaml
            experiment: churn-baseline
            seed: 42
            data:
              snapshot: customers_2024_06_01
              features: features/v3
            model:
              type: gradient_boosting
              learning_rate: 0.05
              max_depth: 6
              n_estimators: 400
            evaluation:
              metric: roc_auc
              split: time_based
            ```

            Training scripts should read only from this file, and a run should refuse to start if the working tree has uncommitted changes. That single check prevents a surprising number of mysteries.

            ## Seeds and nondeterminism

            Setting a random seed is necessary but not sufficient. Data loaders with multiple workers, some GPU kernels and parallel reductions can introduce variation even with fixed seeds. Decide what level of determinism you actually need:

            1. **Bitwise identical** results, which may require deterministic kernels and can be slower.
            2. **Statistically equivalent** results, where repeated runs fall within a known range.

            For most teams the second is enough. Run important experiments several times with different seeds and report the spread. A model that wins by less than the seed-to-seed variation has not really won.

            ## Track runs automatically

            Manual spreadsheets do not survive contact with a busy team. Use an experiment tracker, or even a simple convention of writing a JSON record per run, capturing the commit, the configuration, the data reference, the environment lock file and the resulting metrics. Link trained artefacts back to that record so that any model in production can be traced to the run that created it.

            Feature definitions deserve the same treatment. If features come from a shared store, record the feature versions used; [Feature Stores Explained for Teams That Might Not Need One](/articles/feature-stores-explained-for-teams-that-might-not-need-one) covers why that matters.

            The best practices are the ones people follow without thinking. Provide a project template with the configuration file, the environment lock and the tracking call already wired in, so that reproducibility becomes the default rather than a chore. The same discipline makes evaluation results trustworthy; see [Evaluating LLM Outputs Without Fooling Yourself](/articles/evaluating-llm-outputs-without-fooling-yourself).
            """,
            45,
            ["mlops", "machine-learning", "engineering"],
            ["feature-stores-explained-for-teams-that-might-not-need-one", "evaluating-llm-outputs-without-fooling-yourself"]),
        new(
            "Writing Documentation People Actually Read",
            "writing-documentation-people-actually-read",
            "Good documentation is less about writing skill and more about knowing why the reader opened the page. Practical advice on structure, quickstarts, scannable pages and keeping docs current.",
            """
            Documentation is often the first thing people see of a project and the last thing the team works on. That mismatch shows: many projects have thorough API references and no explanation of why anyone would use them. Good documentation is less about writing skill and more about understanding what readers are trying to do when they open a page.

            ## Know why the reader is here

            Readers arrive with different goals, and a single page rarely serves all of them. A useful way to organise documentation is by the need it serves:

            | Type | Reader's goal | Example |
            | --- | --- | --- |
            | Tutorial | Learn by doing, starting from zero | "Build your first pipeline in 15 minutes" |
            | How-to guide | Solve a specific problem | "Rotate API keys without downtime" |
            | Reference | Look up exact details | Configuration options, function signatures |
            | Explanation | Understand concepts and trade-offs | "Why we chose eventual consistency" |

            Mixing these is the most common source of confusing pages. A tutorial that stops to list every configuration option loses beginners; a reference page that tells a story frustrates people who just need a default value.

            ## Start with the quickstart

            The first page a newcomer reads should get them to a working result as fast as possible. Keep it short, copy-pasteable and tested. A reasonable outline:

            ```markdown
            # Quickstart

            1. Install the package.
            2. Create a minimal configuration file.
            3. Run one command and check the output.
            4. Next steps: links to two or three how-to guides.
            ```

            Everything that is not needed to reach that first success belongs somewhere else. If the quickstart needs more than a handful of steps, that is often a signal about the product rather than the docs.

            ## Write for scanning

            Most people skim. Help them:

            - Put the answer or the key command in the first paragraph
            - Use descriptive headings that read like questions or tasks
            - Prefer short paragraphs and concrete examples over abstract description
            - Show expected output, so readers can tell whether it worked
            - Link to related pages instead of repeating them

            ## Keep docs close to the code

            Documentation that lives in a separate system drifts out of date. Keeping docs in the same repository means changes to behaviour and to documentation can land in the same pull request, and reviewers can ask for both. Running code samples as part of the test suite catches examples that no longer work, which are worse than no examples at all.

            Treat feedback as bug reports, too. Every repeated question in an issue tracker or chat channel points to a gap in the docs. When you answer the same question twice, write the answer down and link to it the third time. Open-source maintainers in particular can save hours a week this way; see [Lessons From Maintaining a Small Open-Source Library](/articles/lessons-from-maintaining-a-small-open-source-library) for more on keeping a project sustainable.

            Finally, read your own docs as a newcomer would, ideally on a fresh machine. The steps you skip without noticing are exactly the ones new readers will trip over.
            """,
            52,
            ["engineering", "open-source"],
            ["lessons-from-maintaining-a-small-open-source-library"]),
    ];
}
