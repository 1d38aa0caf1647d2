using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Sync;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Changes;

/// <summary>What the change-log tests share: reading the log through <c>GET /api/changes</c>.</summary>
public abstract class ChangeLogTestBase<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    /// <summary>Every event in the log (all pages), oldest first.</summary>
    protected async Task<List<ChangeEvent>> AllEventsAsync(long after = 0)
    {
        var events = new List<ChangeEvent>();
        while (true)
        {
            var response = await Editor.GetAsync($"/api/changes?after={after}&limit=500", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = (await response.Content.ReadFromJsonAsync<ChangePage>(Ct))!;
            events.AddRange(page.Items);
            after = page.Last;
            if (!page.HasMore)
            {
                return events;
            }
        }
    }

    /// <summary>The events of one article or tag, oldest first.</summary>
    protected async Task<List<ChangeEvent>> EventsOfAsync(string entity, int id) =>
        [.. (await AllEventsAsync()).Where(e => e.Entity == entity && e.EntityId == id)];

    /// <summary>The id of the newest event now (0: none).</summary>
    protected async Task<long> HeadAsync() => (await AllEventsAsync()).Select(e => e.Id).DefaultIfEmpty(0).Max();
}
