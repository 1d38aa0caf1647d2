using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HeadlessBlog.Api.Changes;
using HeadlessBlog.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Sync;

/// <summary>A sync client's view of the API: pages through <c>/api/sync</c> and keeps what it was told, by kind and id.</summary>
public abstract class SyncTestBase<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    /// <summary>A page as JSON (its items' data stays JSON).</summary>
    protected sealed record Page(List<Item> Items, string NextToken, bool HasMore);

    protected sealed record Item(string Kind, string Op, int Id, string Slug, JsonElement? Data);

    /// <summary>What a client stores: kind and id to slug and data.</summary>
    protected sealed class Store
    {
        public Dictionary<(string Kind, int Id), Item> Entries { get; } = [];

        public string? Token { get; set; }

        public void Apply(Item item)
        {
            if (item.Op == "delete")
            {
                Entries.Remove((item.Kind, item.Id));
            }
            else
            {
                Assert.Equal("upsert", item.Op);
                Assert.NotNull(item.Data);
                Entries[(item.Kind, item.Id)] = item;
            }
        }

        public IEnumerable<int> Ids(string kind) => Entries.Keys.Where(k => k.Kind == kind).Select(k => k.Id).Order();
    }

    protected async Task<Page> GetPageAsync(HttpClient client, string? token, int limit = 100)
    {
        var url = $"/api/sync?limit={limit}" + (token is null ? "" : $"&token={Uri.EscapeDataString(token)}");
        var response = await client.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<Page>(Ct))!;
    }

    /// <summary>Follows the pages from the store's token (none: an initial sync) until <c>hasMore</c> is false.</summary>
    protected async Task<List<Item>> SyncAsync(HttpClient client, Store store, int limit = 100)
    {
        var items = new List<Item>();
        for (var pages = 0; pages < 1_000; pages++)
        {
            var page = await GetPageAsync(client, store.Token, limit);
            Assert.True(page.Items.Count <= limit);
            items.AddRange(page.Items);
            page.Items.ForEach(store.Apply);
            store.Token = page.NextToken;
            if (!page.HasMore)
            {
                return items;
            }
        }

        throw new InvalidOperationException("The sync did not end within 1,000 pages.");
    }

    /// <summary>Runs one round of the change worker (scheduled publications, eviction), as the hosted loop would.</summary>
    protected Task RunChangeWorkerAsync() => Factory.Services.GetRequiredService<ChangeWorker>().RunRoundAsync(Ct);
}
