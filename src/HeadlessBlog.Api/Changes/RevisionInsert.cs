using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Changes;

/// <summary>
/// The revisions of a transaction's article writes (<see cref="ArticleRevision"/>), inserted by <see cref="ChangeLog"/>
/// while the transaction commits, right after its events: one revision per article the transaction changed, whatever
/// number of saves it took. The article's columns are copied by the database (<c>INSERT … SELECT</c>), so the body
/// crosses no wire; its tag names and related ids in order are read first in one command.
/// </summary>
internal static class RevisionInsert
{
    /// <summary>A revision to write: the article, what changed, who changed it, when, and the revision a restore brought back.</summary>
    public sealed record Draft(int ArticleId, string ChangedFields, DateTime CreatedAt, int? ActorKeyId, string? ActorName, int? RestoredFrom);

    /// <summary>
    /// Revisions per command: 7 parameters each, and SQL Server takes at most 2,100 (deleting an article that many
    /// others link to changes each of them).
    /// </summary>
    private const int MaxRevisionsPerCommand = 250;

    private static readonly ConditionalWeakTable<DbContext, Dictionary<int, int>> Restores = [];

    /// <summary>Notes that the context's next commit restores article <paramref name="articleId"/> from revision <paramref name="number"/>.</summary>
    public static void NoteRestore(DbContext db, int articleId, int number) =>
        Restores.GetOrCreateValue(db)[articleId] = number;

    /// <summary>The revisions of the committing drafts: one per changed article, with every field any of its events named.</summary>
    public static List<Draft> Of(DbContext db, IEnumerable<ChangeDraft> drafts)
    {
        var restores = Restores.TryGetValue(db, out var noted) ? noted : [];
        Restores.Remove(db);
        return
        [
            .. drafts.Where(d => d.Revises).GroupBy(d => d.Change.EntityId).Select(g =>
            {
                var first = g.First().Change;
                var fields = g.SelectMany(d => d.Change.ChangedFields.Split(',', StringSplitOptions.RemoveEmptyEntries)).Distinct();
                return new Draft(g.Key, string.Join(',', fields), first.OccurredAt, first.ActorKeyId, first.ActorName,
                    restores.TryGetValue(g.Key, out var number) ? number : null);
            }),
        ];
    }

    /// <summary>Forgets a restore noted on a context whose transaction did not commit.</summary>
    public static void Forget(DbContext db) => Restores.Remove(db);

    public static async Task WriteAsync(DbTransaction transaction, List<Draft> revisions, bool async, CancellationToken cancellationToken)
    {
        foreach (var chunk in revisions.Chunk(MaxRevisionsPerCommand))
        {
            await WriteChunkAsync(transaction, chunk, async, cancellationToken);
        }
    }

    private static async Task WriteChunkAsync(DbTransaction transaction, Draft[] revisions, bool async, CancellationToken cancellationToken)
    {
        var (tags, related) = await ReadCollectionsAsync(transaction, [.. revisions.Select(r => r.ArticleId)], async, cancellationToken);
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder();
        for (var i = 0; i < revisions.Length; i++)
        {
            var revision = revisions[i];
            string P(string name, object? value, DbType? type = null)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = string.Create(CultureInfo.InvariantCulture, $"@r{i}_{name}");
                parameter.Value = value ?? DBNull.Value;
                if (type is { } dbType)
                {
                    parameter.DbType = dbType;
                }

                command.Parameters.Add(parameter);
                return parameter.ParameterName;
            }

            var id = P("id", revision.ArticleId);
            sql.Append("INSERT INTO ArticleRevisions (ArticleId, Number, Version, CreatedAt, ActorKeyId, ActorName, ChangedFields, RestoredFrom, ")
                .Append("Title, Slug, Summary, Body, FeatureImageUrl, Status, PublishedAt, Tags, Related, ")
                .AppendJoin(", ", ArticleMetadata.Properties).Append(") ")
                .Append("SELECT a.Id, COALESCE((SELECT MAX(r.Number) FROM ArticleRevisions r WHERE r.ArticleId = ").Append(id).Append("), 0) + 1, ")
                .Append("a.Version, ").Append(P("at", revision.CreatedAt, DbType.DateTime2)).Append(", ")
                .Append(P("key", revision.ActorKeyId, DbType.Int32)).Append(", ").Append(P("name", revision.ActorName, DbType.String)).Append(", ")
                .Append(P("fields", revision.ChangedFields)).Append(", ").Append(P("from", revision.RestoredFrom, DbType.Int32)).Append(", ")
                .Append("a.Title, a.Slug, a.Summary, a.Body, a.FeatureImageUrl, a.Status, a.PublishedAt, ")
                .Append(P("tags", JsonSerializer.Serialize(tags.GetValueOrDefault(revision.ArticleId) ?? []))).Append(", ")
                .Append(P("related", JsonSerializer.Serialize(related.GetValueOrDefault(revision.ArticleId) ?? []))).Append(", ")
                .AppendJoin(", ", ArticleMetadata.Properties.Select(m => "a." + m)).Append(' ')
                .Append("FROM Articles a WHERE a.Id = ").Append(id).Append(";\n");
        }

        command.CommandText = sql.ToString();
        if (async)
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        else
        {
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The articles' tag names and related article ids, each in order, as the committing transaction sees them.</summary>
    private static async Task<(Dictionary<int, List<string>> Tags, Dictionary<int, List<int>> Related)> ReadCollectionsAsync(
        DbTransaction transaction, int[] ids, bool async, CancellationToken cancellationToken)
    {
        var (tags, related) = (new Dictionary<int, List<string>>(), new Dictionary<int, List<int>>());
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        var list = ChangeInsert.IdList(command, ids);
        command.CommandText =
            $"SELECT at.ArticleId, t.Name FROM ArticleTags at INNER JOIN Tags t ON t.Id = at.TagId WHERE at.ArticleId IN ({list}) ORDER BY at.ArticleId, at.Position;\n"
            + $"SELECT l.SourceArticleId, l.TargetArticleId FROM ArticleLinks l WHERE l.SourceArticleId IN ({list}) ORDER BY l.SourceArticleId, l.Position;";
        await using var reader = async ? await command.ExecuteReaderAsync(cancellationToken) : command.ExecuteReader();
        while (async ? await reader.ReadAsync(cancellationToken) : reader.Read())
        {
            Add(tags, reader.GetInt32(0), reader.GetString(1));
        }

        if (async ? await reader.NextResultAsync(cancellationToken) : reader.NextResult())
        {
            while (async ? await reader.ReadAsync(cancellationToken) : reader.Read())
            {
                Add(related, reader.GetInt32(0), reader.GetInt32(1));
            }
        }

        return (tags, related);
    }

    private static void Add<T>(Dictionary<int, List<T>> lists, int key, T value)
    {
        if (!lists.TryGetValue(key, out var list))
        {
            lists[key] = list = [];
        }

        list.Add(value);
    }
}
