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
    /// Rows per command: 15 parameters a row, and SQL Server takes at most 2,100 parameters (a deleted article that
    /// many others linked to records an event for each of them).
    /// </summary>
    public const int MaxRowsPerCommand = 130;

    private const string Columns =
        "Type, OccurredAt, Entity, EntityId, Slug, PreviousSlug, ChangedFields, WasVisible, Visible, VisibleFrom, Fulfils, ActorKeyId, ActorName, Tags, PreviousTags";

    /// <summary>Most ids in one <c>IN</c> list (SQL Server takes at most 2,100 parameters).</summary>
    private const int MaxIdsPerQuery = 2_000;

    /// <summary>
    /// Sets each article event's tags as they are now, in the committing transaction (a deleted article has none); its
    /// previous tags, unless the save changed them, are the same.
    /// </summary>
    public static async Task SetTagsAsync(DbTransaction transaction, List<ContentChange> changes, bool async, CancellationToken cancellationToken)
    {
        var articles = changes.Where(c => c.Entity == ChangeTypes.ArticleEntity).ToList();
        var ids = articles.Where(c => c.Type != ChangeTypes.ArticleDeleted).Select(c => c.EntityId).Distinct().ToArray();
        var tags = new Dictionary<int, List<string>>();
        foreach (var chunk in ids.Chunk(MaxIdsPerQuery))
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT at.ArticleId, t.Slug FROM ArticleTags at INNER JOIN Tags t ON t.Id = at.TagId WHERE at.ArticleId IN ("
                + IdList(command, chunk) + ") ORDER BY at.ArticleId, at.Position";
            await using var reader = async ? await command.ExecuteReaderAsync(cancellationToken) : command.ExecuteReader();
            while (async ? await reader.ReadAsync(cancellationToken) : reader.Read())
            {
                var articleId = reader.GetInt32(0);
                if (!tags.TryGetValue(articleId, out var slugs))
                {
                    tags[articleId] = slugs = [];
                }

                slugs.Add(reader.GetString(1));
            }
        }

        foreach (var change in articles)
        {
            change.Tags = change.Type == ChangeTypes.ArticleDeleted ? "" : string.Join(',', tags.GetValueOrDefault(change.EntityId) ?? []);
            change.PreviousTags ??= change.Tags;
        }
    }

    /// <summary>Adds the ids to the command as parameters; returns their names for an <c>IN</c> list.</summary>
    public static string IdList(DbCommand command, IReadOnlyList<int> ids)
    {
        var names = new List<string>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = string.Create(CultureInfo.InvariantCulture, $"@a{i}");
            parameter.Value = ids[i];
            command.Parameters.Add(parameter);
            names.Add(parameter.ParameterName);
        }

        return string.Join(", ", names);
    }

    public static DbCommand Create(DbTransaction transaction, IReadOnlyList<ContentChange> changes) =>
        CreateInsert(transaction, "ContentChanges", Columns, [
            .. changes.Select(change => new object?[]
            {
                change.Type, change.OccurredAt, change.Entity, change.EntityId, change.Slug, change.PreviousSlug,
                change.ChangedFields, change.WasVisible, change.Visible, change.VisibleFrom, change.Fulfils,
                change.ActorKeyId, change.ActorName, change.Tags, change.PreviousTags,
            }),
        ], nullableDateColumn: 9);

    /// <summary>
    /// One multi-row <c>INSERT</c> of <paramref name="rows"/> into <paramref name="table"/>, on the transaction; dates as
    /// <c>datetime2</c>, and so the null of <paramref name="nullableDateColumn"/> (by position) too.
    /// </summary>
    public static DbCommand CreateInsert(
        DbTransaction transaction, string table, string columns, IReadOnlyList<object?[]> rows, int? nullableDateColumn = null)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder("INSERT INTO ").Append(table).Append(" (").Append(columns).Append(") VALUES ");
        for (var i = 0; i < rows.Count; i++)
        {
            var values = rows[i];
            sql.Append(i == 0 ? "(" : ", (");
            for (var v = 0; v < values.Length; v++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"@c{i}_{v}");
                sql.Append(v == 0 ? "" : ", ").Append(name);
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = values[v] ?? DBNull.Value;
                if (values[v] is DateTime || (v == nullableDateColumn && values[v] is null))
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
