using System.Text.RegularExpressions;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace HeadlessBlog.Api.Tests.Schema;

/// <summary>A statement naming a column that an ALTER TABLE ... ADD of the same batch adds.</summary>
internal sealed record BatchFinding(
    int Batch, int BatchLine, string? Migration, int StatementLine, int Line, int Column, string Table, string ColumnName)
{
    public override string ToString() =>
        $"batch {Batch} (from line {BatchLine}{(Migration is null ? "" : $", {Migration}")}): the statement at line {StatementLine} "
        + $"names {Table}.{ColumnName} at line {Line}, column {Column}, and the same batch adds that column";
}

/// <summary>
/// SQL Server compiles a whole batch (up to GO) before running any of it. A statement naming a column that an earlier
/// ALTER TABLE ... ADD of the same batch adds fails with Msg 207 "Invalid column name" wherever the table already
/// exists, even inside an IF that would skip it. Only DML is checked: DDL on the new column (CREATE INDEX, ADD
/// CONSTRAINT ... DEFAULT) is resolved when it runs, and the string of EXEC(N'...') is compiled when it runs.
/// </summary>
internal static partial class SqlServerBatchCheck
{
    public static (TSqlScript Script, IList<ParseError> Errors) Parse(string sql)
    {
        var parser = new TSql170Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        var fragment = parser.Parse(reader, out var errors);
        return ((TSqlScript)fragment, errors);
    }

    public static List<BatchFinding> Check(string sql)
    {
        var (script, errors) = Parse(sql);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join('\n', errors.Select(e => $"line {e.Line}: {e.Message}")), nameof(sql));
        }

        var findings = new List<BatchFinding>();
        for (var i = 0; i < script.Batches.Count; i++)
        {
            var batch = script.Batches[i];
            var added = new AddedColumns();
            batch.Accept(added);
            if (added.ByTable.Count == 0)
            {
                continue;
            }

            var migration = MigrationId().Match(sql.Substring(batch.StartOffset, batch.FragmentLength));
            foreach (var (fragment, reference, table) in batch.Statements.SelectMany(CheckedParts).SelectMany(Columns))
            {
                var name = reference.MultiPartIdentifier.Identifiers[^1].Value;
                if (added.ByTable.TryGetValue(table, out var columns) && columns.Contains(name))
                {
                    findings.Add(new BatchFinding(
                        i + 1, batch.StartLine, migration.Success ? migration.Groups[1].Value : null,
                        fragment.StartLine, reference.StartLine, reference.StartColumn, table, name));
                }
            }
        }

        return findings;
    }

    /// <summary>The DML statements and IF/WHILE conditions within a statement; EXEC and DDL are left out.</summary>
    private static IEnumerable<TSqlFragment> CheckedParts(TSqlStatement statement) => statement switch
    {
        IfStatement s => new TSqlFragment[] { s.Predicate }
            .Concat(CheckedParts(s.ThenStatement))
            .Concat(s.ElseStatement is null ? [] : CheckedParts(s.ElseStatement)),
        WhileStatement s => new TSqlFragment[] { s.Predicate }.Concat(CheckedParts(s.Statement)),
        BeginEndBlockStatement s => s.StatementList.Statements.SelectMany(CheckedParts),
        TryCatchStatement s => s.TryStatements.Statements.Concat(s.CatchStatements.Statements).SelectMany(CheckedParts),
        StatementWithCtesAndXmlNamespaces or DeclareVariableStatement or SetVariableStatement => [statement],
        _ => [],
    };

    /// <summary>
    /// Each column reference of a checked part with each table it may belong to: the table its qualifier names
    /// (directly or by alias), or, unqualified or qualified by something else (a derived table), every table the part names.
    /// </summary>
    private static IEnumerable<(TSqlFragment Part, ColumnReferenceExpression Reference, string Table)> Columns(TSqlFragment part)
    {
        var names = new NamesIn();
        part.Accept(names);
        var tables = names.Tables.Select(names.Resolve).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var reference in names.Columns)
        {
            var identifiers = reference.MultiPartIdentifier.Identifiers;
            var qualifier = identifiers.Count > 1 ? names.Resolve(identifiers[^2].Value) : null;
            foreach (var table in qualifier is not null && tables.Contains(qualifier) ? [qualifier] : tables)
            {
                yield return (part, reference, table);
            }
        }
    }

    /// <summary>
    /// The line and SQL text of every EXEC(N'...') of a script made of string literals only (compiled when it runs);
    /// EF's own dynamic EXECs, which join variables in, are left out.
    /// </summary>
    public static List<(int Line, string Sql)> ExecStrings(TSqlScript script)
    {
        var strings = new ExecutedStrings();
        script.Accept(strings);
        return strings.Texts;
    }

    /// <summary>
    /// The line and text of each double-quoted name of some SQL and of the SQL in its EXEC strings. The lexer cannot
    /// tell a double-quoted identifier from a double-quoted string (that depends on QUOTED_IDENTIFIER) and calls both
    /// <see cref="TSqlTokenType.AsciiStringOrQuotedIdentifier"/>; <see cref="TSqlTokenType.QuotedIdentifier"/> is [X].
    /// </summary>
    public static List<(int Line, string Text)> DoubleQuotedIdentifiers(string sql)
    {
        var (script, _) = Parse(sql);
        return script.ScriptTokenStream
            .Where(t => t.TokenType is TSqlTokenType.QuotedIdentifier or TSqlTokenType.AsciiStringOrQuotedIdentifier
                && t.Text.StartsWith('"'))
            .Select(t => (t.Line, t.Text))
            .Concat(ExecStrings(script).SelectMany(e => DoubleQuotedIdentifiers(e.Sql).Select(d => (e.Line, d.Text))))
            .ToList();
    }

    [GeneratedRegex(@"N'(\d{14}_\w+)'")]
    private static partial Regex MigrationId();

    private sealed class AddedColumns : TSqlFragmentVisitor
    {
        public Dictionary<string, HashSet<string>> ByTable { get; } = new(StringComparer.OrdinalIgnoreCase);

        public override void Visit(AlterTableAddTableElementStatement node)
        {
            var table = node.SchemaObjectName.BaseIdentifier.Value;
            if (!ByTable.TryGetValue(table, out var columns))
            {
                ByTable[table] = columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            }

            columns.UnionWith(node.Definition.ColumnDefinitions.Select(c => c.ColumnIdentifier.Value));
        }
    }

    private sealed class ExecutedStrings : TSqlFragmentVisitor
    {
        public List<(int Line, string Sql)> Texts { get; } = [];

        public override void Visit(ExecutableStringList node)
        {
            if (node.Strings.All(s => s is StringLiteral))
            {
                Texts.Add((node.StartLine, string.Concat(node.Strings.Cast<StringLiteral>().Select(s => s.Value))));
            }
        }
    }

    private sealed class NamesIn : TSqlFragmentVisitor
    {
        private readonly Dictionary<string, string> _aliases = new(StringComparer.OrdinalIgnoreCase);

        public List<string> Tables { get; } = [];

        public List<ColumnReferenceExpression> Columns { get; } = [];

        /// <summary>The table an alias stands for (UPDATE [at] ... FROM [ArticleTags] AS [at]), or the name itself.</summary>
        public string Resolve(string name) => _aliases.GetValueOrDefault(name, name);

        public override void Visit(NamedTableReference node)
        {
            var table = node.SchemaObject.BaseIdentifier.Value;
            Tables.Add(table);
            if (node.Alias is not null)
            {
                _aliases[node.Alias.Value] = table;
            }
        }

        public override void Visit(ColumnReferenceExpression node)
        {
            if (node.ColumnType == ColumnType.Regular && node.MultiPartIdentifier is not null)
            {
                Columns.Add(node);
            }
        }
    }
}
