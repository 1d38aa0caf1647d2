using System.Data.Common;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Changes;

/// <summary>
/// Writes the <see cref="ArticleTagList"/> of every article whose tags the committing transaction changed: those it
/// creates, those whose assignments it changes, and those carrying a tag it renames or deletes (all of them have an
/// event naming their tags). Run by <see cref="ChangeLog"/> before it reads the events' tags.
/// </summary>
internal static class TagListRefresh
{
    private const int MaxIdsPerCommand = 2_000;

    public static async Task WriteAsync(
        DbTransaction transaction, DbContext context, IEnumerable<ChangeDraft> drafts, bool async, CancellationToken cancellationToken)
    {
        var ids = drafts
            .Where(d => d.Change.Entity == ChangeTypes.ArticleEntity && d.Change.Type != ChangeTypes.ArticleDeleted
                        && (d.Change.Type == ChangeTypes.ArticleCreated || d.Change.ChangedFields.Split(',').Contains(ChangedFields.Tags)))
            .Select(d => d.Change.EntityId)
            .Distinct()
            .ToArray();
        var sqlServer = context.Database.IsSqlServer();
        foreach (var chunk in ids.Chunk(MaxIdsPerCommand))
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = ArticleTagList.UpsertSql(sqlServer, ChangeInsert.IdList(command, chunk));
            if (async)
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            else
            {
                command.ExecuteNonQuery();
            }
        }
    }
}
