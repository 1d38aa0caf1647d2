using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace HeadlessBlog.Api.Tests.Schema;

/// <summary>
/// A DBA applies the SQL Server migrations as a script (dotnet ef migrations script, with or without --idempotent),
/// which sends each migration as one batch; see <see cref="SqlServerBatchCheck"/>. MigrateAsync sends statement by
/// statement, so only the script shows these faults.
/// </summary>
public sealed class SqlServerBatchTests
{
    /// <summary>The TagVisibility migration's script as it was generated before its UPDATE ran through EXEC.</summary>
    private static readonly string OriginalTagVisibilityScript =
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schema", "Fixtures", "TagVisibility.before.sql"));

    /// <summary>The idempotent script (what production runs) and the plain one; both end each migration with GO.</summary>
    private static readonly MigrationsSqlGenerationOptions[] Kinds =
        [MigrationsSqlGenerationOptions.Idempotent, MigrationsSqlGenerationOptions.Default];

    public static TheoryData<MigrationsSqlGenerationOptions> ScriptKinds => [.. Kinds];

    [Theory]
    [MemberData(nameof(ScriptKinds))]
    public void MigrationScript_OnSqlServer_NamesNoColumnAddedInTheSameBatch(MigrationsSqlGenerationOptions options)
    {
        var sql = GenerateScript(options, out var migrations);

        var findings = SqlServerBatchCheck.Check(sql);

        Assert.True(SqlServerBatchCheck.Parse(sql).Script.Batches.Count > migrations, "Expected one batch per migration at least.");
        Assert.True(findings.Count == 0, string.Join('\n', findings));
    }

    [Theory]
    [MemberData(nameof(ScriptKinds))]
    public void MigrationScript_OnSqlServer_ExecStringsParseAsTSql(MigrationsSqlGenerationOptions options)
    {
        var execs = SqlServerBatchCheck.ExecStrings(SqlServerBatchCheck.Parse(GenerateScript(options, out _)).Script);

        Assert.Contains(execs, e => e.Sql.Contains("[ArticleStatus]", StringComparison.Ordinal));
        foreach (var (line, sql) in execs)
        {
            var errors = SqlServerBatchCheck.Parse(sql).Errors;
            Assert.True(errors.Count == 0, $"EXEC at line {line}: {string.Join("; ", errors.Select(e => e.Message))}\n{sql}");
        }
    }

    [Fact]
    public void BatchCheck_OnTheOriginalTagVisibilityScript_ReportsArticleStatus()
    {
        var findings = SqlServerBatchCheck.Check(OriginalTagVisibilityScript);

        Assert.Equal(
            ["ArticleTags.ArticlePublishedAt", "ArticleTags.ArticleStatus"],
            findings.Select(f => $"{f.Table}.{f.ColumnName}").Order(StringComparer.Ordinal));
        var updateLine = OriginalTagVisibilityScript.Split('\n').ToList().FindIndex(l => l.Contains("UPDATE", StringComparison.Ordinal)) + 1;
        Assert.All(findings, f => Assert.Equal((1, updateLine, "20261130074254_TagVisibility"), (f.Batch, f.StatementLine, f.Migration)));
    }

    [Fact]
    public void BatchCheck_WithTheOriginalUpdateInsideExec_ReportsNothing()
    {
        var update = SqlServerBatchCheck.Parse(OriginalTagVisibilityScript).Script.Batches
            .SelectMany(b => b.Statements).OfType<IfStatement>()
            .Select(s => ((BeginEndBlockStatement)s.ThenStatement).StatementList.Statements[0]).OfType<UpdateStatement>().Single();
        var text = OriginalTagVisibilityScript.Substring(update.StartOffset, update.FragmentLength);
        var withExec = OriginalTagVisibilityScript.Replace(text, $"EXEC(N'{text.Replace("'", "''", StringComparison.Ordinal)}')", StringComparison.Ordinal);

        var findings = SqlServerBatchCheck.Check(withExec);

        Assert.Contains("EXEC(N'UPDATE [at]", withExec, StringComparison.Ordinal);
        Assert.Empty(findings);
    }

    [Theory]
    [InlineData("ALTER TABLE [T] ADD [C] int;\nSELECT [C] FROM [T];", "T.C")]
    [InlineData("ALTER TABLE [T] ADD [C] int;\nGO\nSELECT [C] FROM [T];", "")]
    [InlineData("ALTER TABLE [T] ADD [C] int;\nSELECT [C] FROM [U];", "")]
    [InlineData("ALTER TABLE [T] ADD [C] int;\nSELECT [u].[C] FROM [T] AS [t] JOIN [U] AS [u] ON [u].[Id] = [t].[Id];", "")]
    [InlineData("IF 1 = 1 BEGIN ALTER TABLE [T] ADD [C] int; END;\nINSERT INTO [T] ([C]) VALUES (1);", "T.C")]
    [InlineData("ALTER TABLE [T] ADD [C] int;\nDELETE [x] FROM [T] AS [x] WHERE [x].[C] = 1;", "T.C")]
    [InlineData("ALTER TABLE [T] ADD [C] int;\nMERGE [T] AS [x] USING [U] AS [u] ON [u].[Id] = [x].[Id] WHEN MATCHED THEN UPDATE SET [C] = 1;", "T.C")]
    [InlineData("ALTER TABLE [T] ADD [C] int;\nCREATE INDEX [IX_T_C] ON [T] ([C]);\nALTER TABLE [T] ADD CONSTRAINT [DF_T_C] DEFAULT 0 FOR [C];", "")]
    [InlineData("ALTER TABLE [T] ADD [C] int;\nEXEC(N'UPDATE [T] SET [C] = 1');", "")]
    public void BatchCheck_OnSmallScripts_ReportsOnlyDmlOfTheSameBatch(string sql, string expected)
    {
        var findings = SqlServerBatchCheck.Check(sql);

        Assert.Equal(expected, string.Join(", ", findings.Select(f => $"{f.Table}.{f.ColumnName}").Distinct()));
    }

    /// <summary>
    /// sqlcmd runs a script with QUOTED_IDENTIFIER OFF unless given -I: there "X" is a string literal, so a CHECK
    /// comparing two double-quoted names compares two constant strings, not the columns. Brackets mean the same in either setting.
    /// </summary>
    [Fact]
    public void MigrationScript_OnSqlServer_UsesNoDoubleQuotedIdentifiers()
    {
        foreach (var options in Kinds)
        {
            var found = SqlServerBatchCheck.DoubleQuotedIdentifiers(GenerateScript(options, out _));

            Assert.True(found.Count == 0, $"{options} script: " + string.Join(", ", found.Select(f => $"line {f.Line}: {f.Text}")));
        }
    }

    [Fact]
    public void DoubleQuoteCheck_OnTheSelfLinkConstraintText_FindsBothColumns()
    {
        const string sql = """ALTER TABLE [ArticleLinks] ADD CONSTRAINT [CK] CHECK ("SourceArticleId" <> "TargetArticleId");""";

        var found = SqlServerBatchCheck.DoubleQuotedIdentifiers(sql);

        Assert.Equal(["\"SourceArticleId\"", "\"TargetArticleId\""], found.Select(f => f.Text));
    }

    [Theory]
    [InlineData("ALTER TABLE [ArticleLinks] ADD CONSTRAINT [CK] CHECK ([SourceArticleId] <> [TargetArticleId]);", "")]
    [InlineData("""SELECT [A] FROM [T] WHERE [B] = N'say "hi"';""", "")]
    [InlineData("""EXEC(N'SELECT "A" FROM [T]');""", "\"A\"")]
    public void DoubleQuoteCheck_OnSmallScripts_FindsOnlyDoubleQuotedIdentifiers(string sql, string expected)
    {
        var found = SqlServerBatchCheck.DoubleQuotedIdentifiers(sql);

        Assert.Equal(expected, string.Join(", ", found.Select(f => f.Text)));
    }

    private static string GenerateScript(MigrationsSqlGenerationOptions options, out int migrations)
    {
        using var context = BlogContexts.SqlServer();
        migrations = context.Database.GetMigrations().Count();
        return context.GetService<IMigrator>().GenerateScript(options: options);
    }
}
