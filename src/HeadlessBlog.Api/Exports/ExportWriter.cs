using System.IO.Pipelines;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Exports;

/// <summary>How far an export is: articles written so far, of all articles there were when it started.</summary>
public readonly record struct ExportProgress(int Articles, int TotalArticles);

/// <summary>What an export wrote.</summary>
public readonly record struct ExportCounts(int Tags, int Articles, int Redirects);

/// <summary>
/// Writes the <see cref="ExportDocument"/> of a database to a stream as it reads it: tags, articles and redirects are
/// read in batches in key order (never tracked) and each batch is written and flushed before the next is read, so
/// memory holds one batch whatever the size of the blog. It is not a snapshot: what is saved during an export may or
/// may not be in it (stop writes for an exact copy).
/// </summary>
public static class ExportWriter
{
    /// <summary>Rows read per query.</summary>
    public const int BatchSize = 500;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // The document is a download (an attachment, never embedded in a page): text stays readable, and non-Latin
        // bodies take two or three bytes a character instead of six.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<ExportCounts> WriteAsync(
        BlogDbContext db, Stream output, DateTime exportedAt, IProgress<ExportProgress>? progress, CancellationToken cancellationToken)
    {
        var total = await db.Articles.CountAsync(cancellationToken);
        progress?.Report(new ExportProgress(0, total));
        await using var writer = new Output(output, cancellationToken);
        var json = writer.Json;
        json.WriteStartObject();
        json.WriteString("format", ExportFormat.Name);
        json.WriteNumber("version", ExportFormat.Version);
        json.WriteString("exportedAt", exportedAt);

        json.WriteStartArray("tags");
        var tags = await WriteBatchesAsync(
            writer, 0, after => ExportReads.TagsAsync(db, after, BatchSize, cancellationToken), row => row.Id,
            row => writer.Write(row.Tag, ExportJsonContext.Default.ExportTag));
        json.WriteEndArray();

        json.WriteStartArray("articles");
        var articles = 0;
        var last = 0;
        while (true)
        {
            var (batch, lastId) = await ExportReads.ArticlesAsync(db, last, BatchSize, exportedAt, cancellationToken);
            foreach (var article in batch)
            {
                writer.Write(article, ExportJsonContext.Default.ExportArticle);
                await writer.FlushWhenFullAsync();
            }

            // Every batch goes out before the next is read: memory never holds more than one.
            await writer.FlushAsync();
            articles += batch.Count;
            progress?.Report(new ExportProgress(articles, Math.Max(total, articles)));
            if (batch.Count < BatchSize)
            {
                break;
            }

            last = lastId;
        }

        json.WriteEndArray();

        json.WriteStartArray("redirects");
        var redirects = 0;
        foreach (var (type, read) in new (string, Func<string, Task<List<(string From, string To)>>>)[]
        {
            (ExportRedirectTypes.Article, after => ExportReads.ArticleRedirectsAsync(db, after, BatchSize, cancellationToken)),
            (ExportRedirectTypes.Tag, after => ExportReads.TagRedirectsAsync(db, after, BatchSize, cancellationToken)),
        })
        {
            redirects += await WriteBatchesAsync(
                writer, "", read, row => row.From,
                row => writer.Write(new ExportRedirect { Type = type, From = row.From, To = row.To }, ExportJsonContext.Default.ExportRedirect));
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await writer.FlushAsync();
        return new ExportCounts(tags, articles, redirects);
    }

    /// <summary>Reads batches after a key until one comes back short, writing each row; returns the rows written.</summary>
    private static async Task<int> WriteBatchesAsync<TRow, TKey>(
        Output writer, TKey start, Func<TKey, Task<List<TRow>>> batchAfter, Func<TRow, TKey> keyOf, Action<TRow> write)
    {
        var after = start;
        var count = 0;
        while (true)
        {
            var batch = await batchAfter(after);
            foreach (var row in batch)
            {
                write(row);
                await writer.FlushWhenFullAsync();
            }

            count += batch.Count;
            if (batch.Count < BatchSize)
            {
                return count;
            }

            after = keyOf(batch[^1]);
        }
    }

    /// <summary>
    /// The JSON writer over a pipe to the stream. The serializer flushes its writer after every value, synchronously:
    /// into the pipe, which only buffers; the pipe goes to the stream asynchronously (a response body refuses
    /// synchronous writes), once 64 KiB are waiting or when told.
    /// </summary>
    private sealed class Output : IAsyncDisposable
    {
        private const int FlushThreshold = 64 * 1024;

        private readonly PipeWriter _pipe;
        private readonly CancellationToken _cancellationToken;

        public Output(Stream stream, CancellationToken cancellationToken)
        {
            _pipe = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
            _cancellationToken = cancellationToken;
            Json = new Utf8JsonWriter(_pipe, WriterOptions);
        }

        public Utf8JsonWriter Json { get; }

        public void Write<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.Serialize(Json, value, typeInfo);

        public async ValueTask FlushWhenFullAsync()
        {
            Json.Flush();
            if (_pipe.UnflushedBytes >= FlushThreshold)
            {
                await _pipe.FlushAsync(_cancellationToken);
            }
        }

        public async ValueTask FlushAsync()
        {
            Json.Flush();
            await _pipe.FlushAsync(_cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            await Json.DisposeAsync();
            await _pipe.CompleteAsync();
        }
    }
}
