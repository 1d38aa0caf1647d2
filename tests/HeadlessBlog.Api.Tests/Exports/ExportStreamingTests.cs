using System.Text.Json;
using HeadlessBlog.Api.Exports;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Exports;

/// <summary>
/// The export is streamed, not built in memory: with 20,000 articles of its own (written in one SQL statement; through
/// the API it would take minutes), the first bytes reach a client that then stops reading while the API has read only
/// the first batches of articles — the rest are read as the client takes the document. An export that built the whole
/// document before sending would have read every batch by then. SQLite only, as the rows are written in its dialect.
/// </summary>
public sealed class ExportStreamingTests(ExportStreamingTests.Host factory) : IClassFixture<ExportStreamingTests.Host>
{
    private const int Articles = 20_000;

    public sealed class Host : SqliteApiFactory
    {
        public override async ValueTask InitializeAsync()
        {
            await base.InitializeAsync();
            _ = Services; // migrated
            await BulkArticles.InsertAsync(ConnectionString, Articles, bodyLength: 1000, everySecondADraft: true);
        }
    }

    [Fact]
    public async Task Export_OfManyArticles_SendsTheFirstBytesBeforeReadingTheRest_ThenTheWholeDocument()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = factory.CreateKeyClient(factory.ReadKey);
        factory.Commands.Reset();

        using var response = await client.GetAsync("/api/export", HttpCompletionOption.ResponseHeadersRead, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var first = new byte[16];
        var read = await body.ReadAtLeastAsync(first, first.Length, cancellationToken: ct);
        // Time for the API to run ahead as far as it would without a reader (the response's buffer holds it back).
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        var articleBatchesRead = ArticleBatches(factory.Commands.Queries);

        Assert.Equal("{\"format\":\"headl", System.Text.Encoding.UTF8.GetString(first, 0, read));
        const int batches = Articles / ExportWriter.BatchSize + 1; // the last one comes back empty
        Assert.True(articleBatchesRead <= 3, $"{articleBatchesRead} of {batches} batches of articles were read before the client read on.");

        using var whole = new MemoryStream();
        whole.Write(first, 0, read);
        await body.CopyToAsync(whole, ct);
        var document = JsonSerializer.Deserialize(whole.ToArray(), ExportJsonContext.Default.ExportDocument)!;
        Assert.Equal(Articles, document.Articles.Count);
        Assert.Equal(Articles, document.Articles.Select(a => a.Slug).Distinct().Count());
        Assert.Equal(batches, ArticleBatches(factory.Commands.Queries));
    }

    /// <summary>The export's queries of article rows (not of their tags or links).</summary>
    private static int ArticleBatches(IReadOnlyList<string> queries) =>
        queries.Count(q => q.Contains("\"a\".\"Body\"", StringComparison.Ordinal) && q.Contains("FROM \"Articles\"", StringComparison.Ordinal));
}
