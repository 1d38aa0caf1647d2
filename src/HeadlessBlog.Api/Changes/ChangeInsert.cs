using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using HeadlessBlog.Data;

namespace HeadlessBlog.Api.Changes;

/// <summary>
/// The insert of a transaction's events, sent on the transaction itself while it commits. Plain ADO.NET, because EF
/// is still inside the save that is committing; the same SQL for SQLite and SQL Server (unquoted names, one
/// multi-row <c>VALUES</c>), timestamps as <c>datetime2</c> like EF's own.
/// </summary>
internal static class ChangeInsert
{
    /// <summary>
    /// Rows per command: 13 parameters a row, and SQL Server takes at most 2,100 parameters (a deleted article that
    /// many others linked to records an event for each of them).
    /// </summary>
    public const int MaxRowsPerCommand = 150;

    private const string Columns =
        "Type, OccurredAt, Entity, EntityId, Slug, PreviousSlug, ChangedFields, WasVisible, Visible, VisibleFrom, Fulfils, ActorKeyId, ActorName";

    public static DbCommand Create(DbTransaction transaction, IReadOnlyList<ContentChange> changes)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder("INSERT INTO ContentChanges (").Append(Columns).Append(") VALUES ");
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            object?[] values =
            [
                change.Type, change.OccurredAt, change.Entity, change.EntityId, change.Slug, change.PreviousSlug,
                change.ChangedFields, change.WasVisible, change.Visible, change.VisibleFrom, change.Fulfils,
                change.ActorKeyId, change.ActorName,
            ];
            sql.Append(i == 0 ? "(" : ", (");
            for (var v = 0; v < values.Length; v++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"@c{i}_{v}");
                sql.Append(v == 0 ? "" : ", ").Append(name);
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = values[v] ?? DBNull.Value;
                if (values[v] is DateTime || (v == 9 && values[v] is null))
                {
                    parameter.DbType = DbType.DateTime2;
                }

                command.Parameters.Add(parameter);
            }

            sql.Append(')');
        }

        command.CommandText = sql.ToString();
        return command;
    }
}
