using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Sync;

public sealed class SyncEquivalenceOnSqlite(SqliteApiFactory factory) : SyncEquivalenceTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class SyncEquivalenceOnSqlServer(SqlServerApiFactory factory) : SyncEquivalenceTests<SqlServerApiFactory>(factory);

/// <summary>
/// After any sequence of creates, edits, publishes, unpublishes, schedules, slug changes and deletes, with syncs in
/// between, a client that applied every page holds exactly what the list endpoints show, in both views.
/// </summary>
public abstract class SyncEquivalenceTests<TFactory>(TFactory factory) : SyncTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RandomWrites_SyncedAsTheyHappen_LeaveTheClientWithExactlyTheListedArticles(int seed)
    {
        var random = new Random(seed);
        var publicClient = Factory.CreateAnonymousClient();
        var editorClient = Factory.CreateKeyClient(Factory.ReadKey);
        var publicStore = new Store();
        var editorStore = new Store();
        await SyncAsync(publicClient, publicStore, limit: 7);
        await SyncAsync(editorClient, editorStore, limit: 7);
        var mine = new List<int>();

        for (var step = 0; step < 40; step++)
        {
            var op = mine.Count == 0 ? 0 : random.Next(7);
            var id = mine.Count == 0 ? 0 : mine[random.Next(mine.Count)];
            var now = Factory.Clock.GetUtcNow();
            switch (op)
            {
                case 0:
                    var status = random.Next(2) == 0 ? "draft" : "published";
                    mine.Add((await CreateArticleAsync(new { title = Unique("Seq "), body = "b", status })).Id);
                    break;
                case 1:
                    await PutAsync(id, new { title = Unique("Edited "), body = "b2", status = "published", publishedAt = now.AddMinutes(-5) });
                    break;
                case 2:
                    await PutAsync(id, new { title = Unique("Unpublished "), body = "b", status = "draft" });
                    break;
                case 3:
                    await PutAsync(id, new { title = Unique("Scheduled "), body = "b", status = "published", publishedAt = now.AddMinutes(random.Next(1, 20)) });
                    break;
                case 4:
                    await PutAsync(id, new { title = Unique("Moved "), slug = Unique("moved-"), body = "b", status = "published", publishedAt = now.AddMinutes(-1) });
                    break;
                case 5:
                    Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/articles/{id}", Ct)).StatusCode);
                    mine.Remove(id);
                    break;
                default:
                    // Time passes: scheduled articles come due.
                    Factory.Clock.Advance(TimeSpan.FromMinutes(random.Next(1, 10)));
                    await RunChangeWorkerAsync();
                    break;
            }

            if (random.Next(4) == 0)
            {
                var (client, store) = random.Next(2) == 0 ? (publicClient, publicStore) : (editorClient, editorStore);
                await SyncAsync(client, store, limit: 1 + random.Next(5));
            }
        }

        Factory.Clock.Advance(TimeSpan.FromMinutes(30));
        await RunChangeWorkerAsync();
        await SyncAsync(publicClient, publicStore, limit: 7);
        await SyncAsync(editorClient, editorStore, limit: 7);

        Assert.Equal(await ListedAsync(publicClient, "published"), Slugs(publicStore));
        Assert.Equal(await ListedAsync(editorClient, "all"), Slugs(editorStore));
    }

    private static List<(int, string)> Slugs(Store store) =>
        [.. store.Entries.Values.Where(i => i.Kind == "article").Select(i => (i.Id, i.Slug)).Order()];

    private static async Task<List<(int, string)>> ListedAsync(HttpClient client, string status)
    {
        var listed = new List<(int, string)>();
        for (var page = 1; ; page++)
        {
            var response = await client.GetFromJsonAsync<PagedResponse<ArticleSummary>>($"/api/articles?status={status}&pageSize=100&page={page}", Ct);
            listed.AddRange(response!.Items.Select(a => (a.Id, a.Slug)));
            if (page >= response.TotalPages)
            {
                return [.. listed.Order()];
            }
        }
    }
}
