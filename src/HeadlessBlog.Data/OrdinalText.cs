using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessBlog.Data;

/// <summary>
/// Text the API compares ordinally (slugs, normalized names and titles) must compare the same way in the database.
/// SQLite's default BINARY collation already does; SQL Server's default <c>SQL_Latin1_General_CP1_CI_AS</c> calls
/// 'STRASSE' and 'STRAßE', full-width and half-width letters, hiragana and katakana equal, so its unique indexes
/// refuse values the API believes are new. Such columns get a binary collation there.
/// </summary>
public static partial class OrdinalText
{
    /// <summary>Compares UTF-16 code points, like <see cref="StringComparison.Ordinal"/> (but <c>=</c> still ignores trailing spaces).</summary>
    public const string SqlServerCollation = "Latin1_General_100_BIN2";

    private const string Annotation = "HeadlessBlog:OrdinalText";

    /// <summary>Marks a column whose equality, uniqueness and order must be ordinal on every provider.</summary>
    public static PropertyBuilder<TText> IsOrdinalText<TText>(this PropertyBuilder<TText> property) =>
        property.HasAnnotation(Annotation, true);

    /// <summary>Gives every marked column the binary collation on SQL Server, and removes the marks from the model.</summary>
    internal static void Apply(IMutableModel model, bool sqlServer)
    {
        foreach (var property in model.GetEntityTypes().SelectMany(t => t.GetDeclaredProperties()))
        {
            if (property.FindAnnotation(Annotation) is null)
            {
                continue;
            }

            property.RemoveAnnotation(Annotation);
            if (sqlServer)
            {
                property.SetCollation(SqlServerCollation);
            }
        }
    }

    /// <summary>
    /// CHECK constraints are written with standard double-quoted identifiers; on SQL Server they get brackets, because a
    /// script run with QUOTED_IDENTIFIER OFF (sqlcmd's default) reads "X" as a string literal and the check never fires.
    /// </summary>
    internal static void BracketCheckConstraints(IMutableModel model)
    {
        foreach (var entityType in model.GetEntityTypes())
        {
            foreach (var check in entityType.GetDeclaredCheckConstraints().ToList())
            {
                entityType.RemoveCheckConstraint(check.ModelName);
                entityType.AddCheckConstraint(check.ModelName, QuotedIdentifier().Replace(check.Sql, "[$1]"));
            }
        }
    }

    [GeneratedRegex("\"([^\"\\]]+)\"")]
    private static partial Regex QuotedIdentifier();
}
