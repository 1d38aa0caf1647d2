using System.Reflection;
using HeadlessBlog.Api;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Data;
using Mapster;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace HeadlessBlog.Api.Tests.Schema;

/// <summary>
/// The SQL that EF sends to SQL Server — the migrations script and every query of the API — must be valid T-SQL.
/// Checked offline with the SQL Server parser (ScriptDom), so no server is needed.
/// </summary>
public sealed class SqlServerSqlTests
{
    /// <summary>Public static methods of <see cref="ArticleQueries"/> and <see cref="TagQueries"/> today; raise it when queries are added.</summary>
    private const int ExpectedQueryMethods = 29;

    [Fact]
    public void IdempotentMigrationScript_ParsesAsTSqlWithoutErrors()
    {
        var script = GenerateIdempotentScript();

        var (fragment, errors) = Parse(script);

        Assert.True(errors.Count == 0, DescribeErrors(errors, script));
        Assert.Contains(fragment.Batches.SelectMany(b => b.Statements), s => s is IfStatement);
    }

    [Fact]
    public void IdempotentMigrationScript_CreatesEveryTableWithRowversionOnVersionedTables()
    {
        var script = GenerateIdempotentScript();
        var (fragment, _) = Parse(script);

        var visitor = new CreateTableCollector();
        fragment.Accept(visitor);

        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal) { "Articles", "Tags", "ArticleTags", "ArticleLinks" },
            visitor.Tables.Keys.ToHashSet(StringComparer.Ordinal));
        foreach (var table in new[] { "Articles", "Tags" })
        {
            var version = Assert.Single(visitor.Tables[table], c => c.Name == "Version");
            Assert.True(version.IsRowversion, $"{table}.Version should be a rowversion column.");
        }

        Assert.DoesNotContain(visitor.Tables["ArticleTags"], c => c.IsRowversion);
    }

    [Fact]
    public void TagListUpsert_ParsesAsTSqlWithoutErrors()
    {
        var sql = ArticleTagList.UpsertSql(sqlServer: true, "@a0, @a1");

        var (fragment, errors) = Parse(sql);

        Assert.True(errors.Count == 0, DescribeErrors(errors, sql));
        Assert.Equal(2, fragment.Batches.Single().Statements.Count);
    }

    [Fact]
    public void RelatedListQuery_ParsesAsTSqlWithoutErrors()
    {
        var sql = ArticleRelatedList.Sql(sqlServer: true);

        var (fragment, errors) = Parse(sql);

        Assert.True(errors.Count == 0, DescribeErrors(errors, sql));
        Assert.IsType<SelectStatement>(Assert.Single(fragment.Batches.Single().Statements));
    }

    [Fact]
    public void QueryDiscovery_FindsEveryQueryMethod()
    {
        var methods = QueryCases.All.Select(c => c.Method).Distinct().ToList();

        Assert.True(
            methods.Count >= ExpectedQueryMethods,
            $"Expected at least {ExpectedQueryMethods} query methods, found {methods.Count}: {string.Join(", ", methods.Select(QueryCases.NameOf))}.");
        Assert.Contains(methods, m => m.DeclaringType == typeof(ArticleQueries));
        Assert.Contains(methods, m => m.DeclaringType == typeof(TagQueries));
    }

    /// <summary>One row per query case, shown with its whole name (xunit would cut a long string argument short).</summary>
    public static IEnumerable<TheoryDataRow<string>> SqlServerQueryCases => Rows("Query_OnSqlServer");

    public static IEnumerable<TheoryDataRow<string>> SqliteQueryCases => Rows(nameof(Query_OnSqlite_Translates));

    private static IEnumerable<TheoryDataRow<string>> Rows(string test) =>
        QueryCases.All.Select(c => new TheoryDataRow<string>(c.Name) { TestDisplayName = $"{test}: {c.Name}" });

    [Theory]
    [MemberData(nameof(SqlServerQueryCases))]
    public void Query_OnSqlServer_TranslatesToValidTSql(string queryCase)
    {
        using var context = BlogContexts.SqlServer();

        var sql = WithoutSplitQueryNote(QueryCases.ToQueryString(queryCase, context));
        var (fragment, errors) = Parse(sql);

        Assert.True(errors.Count == 0, DescribeErrors(errors, sql));
        var selects = new SelectCollector();
        fragment.Accept(selects);
        Assert.True(selects.Count > 0, "No SELECT statement in:\n" + sql);
    }

    /// <summary>
    /// Each collection of a projection is joined once (filters on tags and search words add one each). A projection
    /// that repeats a collection joins it again and multiplies the rows (an article with 3 tags and 3 related articles
    /// once came back as 531,441 rows, from 21 joins).
    /// </summary>
    [Theory]
    [MemberData(nameof(SqlServerQueryCases))]
    public void Query_OnSqlServer_JoinsAtMostEightTimes(string queryCase)
    {
        using var context = BlogContexts.SqlServer();
        var sql = WithoutSplitQueryNote(QueryCases.ToQueryString(queryCase, context));

        var joins = System.Text.RegularExpressions.Regex.Count(sql, @"\bJOIN\b");

        Assert.True(joins <= 8, $"{joins} JOINs in:\n{sql}");
    }

    [Theory]
    [MemberData(nameof(SqliteQueryCases))]
    public void Query_OnSqlite_Translates(string queryCase)
    {
        using var context = BlogContexts.Sqlite();

        var sql = QueryCases.ToQueryString(queryCase, context);

        Assert.Contains("SELECT", sql, StringComparison.Ordinal);
    }

    /// <summary>
    /// For a split query, ToQueryString shows the first query followed by a plain-text note (not SQL, never sent).
    /// </summary>
    private static string WithoutSplitQueryNote(string sql)
    {
        const string note = "This LINQ query is being executed in split-query mode";
        var index = sql.IndexOf(note, StringComparison.Ordinal);
        return index < 0 ? sql : sql[..index];
    }

    private static string GenerateIdempotentScript()
    {
        using var context = BlogContexts.SqlServer();
        return context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
    }

    private static (TSqlScript Fragment, IList<ParseError> Errors) Parse(string sql)
    {
        var parser = new TSql170Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        var fragment = parser.Parse(reader, out var errors);
        return ((TSqlScript)fragment, errors);
    }

    private static string DescribeErrors(IList<ParseError> errors, string sql) =>
        string.Join('\n', errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}")) + "\n--- SQL ---\n" + sql;

    private sealed record Column(string Name, bool IsRowversion);

    private sealed class CreateTableCollector : TSqlFragmentVisitor
    {
        public Dictionary<string, List<Column>> Tables { get; } = new(StringComparer.Ordinal);

        public override void Visit(CreateTableStatement node)
        {
            var columns = node.Definition.ColumnDefinitions
                .Select(c => new Column(
                    c.ColumnIdentifier.Value,
                    c.DataType is SqlDataTypeReference { SqlDataTypeOption: SqlDataTypeOption.Rowversion or SqlDataTypeOption.Timestamp }))
                .ToList();
            Tables[node.SchemaObjectName.BaseIdentifier.Value] = columns;
        }
    }

    private sealed class SelectCollector : TSqlFragmentVisitor
    {
        public int Count { get; private set; }

        public override void Visit(SelectStatement node) => Count++;
    }
}

/// <summary>
/// Every public static method of the query classes, found by reflection, called with each combination of
/// representative arguments (query records with every filter and with none, ids, slugs, arrays, null and set
/// optional ids). A method with a parameter type not known here fails its test with a message saying so.
/// </summary>
internal static class QueryCases
{
    public static readonly Type[] QueryClasses = [typeof(ArticleQueries), typeof(TagQueries)];

    private static readonly TypeAdapterConfig MappingConfig = Mapping.CreateConfig();
    private static readonly string[] TwoStrings = ["MACHINE LEARNING", "o'reilly"];
    private static readonly int[] ThreeIds = [1, 2, 3];

    private static readonly string[] TagPageSorts = ["-publishedAt", "publishedAt"];

    public static IReadOnlyList<QueryCase> All { get; } = Discover();

    public static string NameOf(MethodInfo method) =>
        $"{method.DeclaringType!.Name}.{method.Name}({string.Join(", ", method.GetParameters().Select(p => TypeName(p.ParameterType)))})";

    private static string TypeName(Type type) =>
        Nullable.GetUnderlyingType(type) is { } underlying ? TypeName(underlying) + "?" : type.Name;

    public static string ToQueryString(string caseName, BlogDbContext context)
    {
        var queryCase = All.Single(c => c.Name == caseName);
        var arguments = queryCase.Arguments.Select(a => a.Create(context)).ToArray();
        var result = queryCase.Method.Invoke(null, arguments);
        var queryable = Assert.IsAssignableFrom<IQueryable>(result);
        return queryable.ToQueryString();
    }

    private static List<QueryCase> Discover()
    {
        var cases = new List<QueryCase>();
        foreach (var method in QueryClasses
                     .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
                     .Where(m => typeof(IQueryable).IsAssignableFrom(m.ReturnType))
                     .OrderBy(m => m.DeclaringType!.Name, StringComparer.Ordinal)
                     .ThenBy(m => m.Name, StringComparer.Ordinal))
        {
            IEnumerable<IReadOnlyList<Argument>> combinations = [[]];
            foreach (var parameter in method.GetParameters())
            {
                var choices = ArgumentsFor(parameter);
                combinations = combinations.SelectMany(prefix => choices.Select(choice => (IReadOnlyList<Argument>)[.. prefix, choice]));
            }

            foreach (var arguments in combinations)
            {
                var labels = arguments.Where(a => a.Label is not null).Select(a => a.Label);
                cases.Add(new QueryCase($"{NameOf(method)} [{string.Join("; ", labels)}]", method, arguments));
            }
        }

        return cases;
    }

    private static List<Argument> ArgumentsFor(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        var name = parameter.Name!;
        if (type == typeof(BlogDbContext))
        {
            return [new Argument(null, db => db)];
        }

        if (type == typeof(TypeAdapterConfig))
        {
            return [new Argument(null, _ => MappingConfig)];
        }

        if (type == typeof(ArticleListQuery))
        {
            return
            [
                new Argument($"{name}: no filters", _ => new ArticleListQuery()),
                .. new[] { ArticleStatuses.Published, ArticleStatuses.Scheduled, ArticleStatuses.Draft, ArticleStatuses.All }.Select(status =>
                    new Argument($"{name}: status={status}, tags, q, dates", _ => new ArticleListQuery
                    {
                        Status = status,
                        Tag = "machine-learning,open-source",
                        Q = " 50% [off]_now\\ o'reilly ",
                        PublishedFrom = "2026-01-01",
                        PublishedTo = "2026-12-31",
                    })),
                .. ArticleSorts.All.Select(sort =>
                    new Argument($"{name}: sort={sort}", _ => new ArticleListQuery { Sort = sort })),
                // Any of several tags, publication order: each tag's first rows, merged.
                .. TagPageSorts.Select(sort =>
                    new Argument($"{name}: any-tag page, sort={sort}, dates", _ => new ArticleListQuery
                    {
                        Tag = "machine-learning,open-source,databases",
                        Sort = sort,
                        PublishedFrom = "2026-01-01",
                        PublishedTo = "2026-12-31",
                    })),
                // A reader's tag page (one tag, publication order, perhaps searched) is read from the tag assignments.
                .. TagPageSorts.Select(sort =>
                    new Argument($"{name}: tag page, sort={sort}, dates{(sort == "publishedAt" ? ", q" : "")}", _ => new ArticleListQuery
                    {
                        Tag = "machine-learning",
                        Sort = sort,
                        Q = sort == "publishedAt" ? " 50% [off]_now\\ o'reilly " : null,
                        PublishedFrom = "2026-01-01",
                        PublishedTo = "2026-12-31",
                    })),
            ];
        }

        if (type == typeof(TagListQuery))
        {
            return
            [
                new Argument($"{name}: no filters", _ => new TagListQuery()),
                new Argument($"{name}: q", _ => new TagListQuery { Q = " learn'ing " }),
                new Argument($"{name}: sort=-articleCount", _ => new TagListQuery { Sort = TagSorts.MostArticles }),
            ];
        }

        if (type == typeof(int))
        {
            // Distinct values per parameter, so that a query comparing two ids shows both.
            var value = parameter.Position + 40;
            return [new Argument($"{name}={value}", _ => value)];
        }

        if (type == typeof(byte[]))
        {
            return [new Argument($"{name}=8 bytes", _ => new byte[] { 0, 0, 0, 0, 0, 0, 7, 209 })];
        }

        if (type == typeof(DateTime))
        {
            return [new Argument($"{name}=now", _ => new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc))];
        }

        if (type == typeof(DateTime?))
        {
            return
            [
                new Argument($"{name}=null", _ => null),
                new Argument($"{name}=now", _ => new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc)),
            ];
        }

        if (type == typeof(int?))
        {
            return [new Argument($"{name}=null", _ => null), new Argument($"{name}=7", _ => 7)];
        }

        if (type == typeof(string))
        {
            return [new Argument($"{name}='it''s-a-slug'", _ => "it's-a-slug")];
        }

        if (type == typeof(string[]))
        {
            return
            [
                new Argument($"{name}=[]", _ => Array.Empty<string>()),
                new Argument($"{name}=[2 values]", _ => TwoStrings),
            ];
        }

        if (type == typeof(int[]))
        {
            return
            [
                new Argument($"{name}=[]", _ => Array.Empty<int>()),
                new Argument($"{name}=[3 values]", _ => ThreeIds),
            ];
        }

        return
        [
            new Argument($"{name}: unsupported", _ => throw new NotSupportedException(
                $"No test value for parameter '{name}' of type {type} in {NameOf((MethodInfo)parameter.Member)}: add one to {nameof(QueryCases)}.{nameof(ArgumentsFor)}.")),
        ];
    }
}

internal sealed record QueryCase(string Name, MethodInfo Method, IReadOnlyList<Argument> Arguments);

/// <summary>One argument value; <see cref="Label"/> is null for arguments that are always the same (context, mapping).</summary>
internal sealed record Argument(string? Label, Func<BlogDbContext, object?> Create);
