using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Sync;
using HeadlessBlog.Api.Tests.Articles;
using HeadlessBlog.Api.Tests.Delivery;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Api.Tests.Site;
using HeadlessBlog.Api.Trash;

namespace HeadlessBlog.Api.Tests.Trash;

/// <summary>A host with the frontend's address (sitemap, feeds) and preview links, and the default trash retention.</summary>
internal static class TrashHost
{
    public const int RetentionDays = 30;

    public static Dictionary<string, string?> Settings() => new(SiteHost.Settings())
    {
        ["Preview:UrlTemplate"] = PreviewHost.UrlTemplate,
    };
}

public class TrashSqliteFactory : SqliteApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => TrashHost.Settings();
}

public class TrashSqlServerFactory(SqlServerContainer container) : SqlServerApiFactory(container)
{
    protected override IReadOnlyDictionary<string, string?> Settings => TrashHost.Settings();
}

/// <summary>What the trash tests share: moving to the trash, the trash's list, restoring and purging, the change log.</summary>
public abstract class TrashTestBase<TFactory>(TFactory factory) : HttpCachingTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    /// <summary>DELETE /api/articles/{id} (to the trash), asserting 204.</summary>
    protected async Task TrashAsync(int id)
    {
        var response = await Client.DeleteAsync($"/api/articles/{id}", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync(Ct));
    }

    protected async Task<List<TrashedArticle>> TrashListAsync()
    {
        var response = await Editor.GetAsync("/api/trash?pageSize=100", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return [.. (await response.Content.ReadFromJsonAsync<PagedResponse<TrashedArticle>>(Ct))!.Items];
    }

    protected Task<HttpResponseMessage> RestoreFromTrashAsync(int id) => Client.PostAsync($"/api/trash/{id}/restore", null, Ct);

    protected Task<HttpResponseMessage> PurgeAsync(int id) => Client.DeleteAsync($"/api/trash/{id}", Ct);

    /// <summary>The article as an editor reads it, or null when it answers 404.</summary>
    protected async Task<ArticleResponse?> EditorReadAsync(int id)
    {
        var response = await Editor.GetAsync($"/api/articles/{id}", Ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct);
    }

    /// <summary>The change log's events of article <paramref name="id"/>, oldest first.</summary>
    protected async Task<List<ChangeEvent>> EventsOfAsync(int id)
    {
        var events = new List<ChangeEvent>();
        long after = 0;
        while (true)
        {
            var page = (await Editor.GetFromJsonAsync<ChangePage>($"/api/changes?after={after}&limit=500", Ct))!;
            events.AddRange(page.Items.Where(e => e.Entity == "article" && e.EntityId == id));
            after = page.Last;
            if (!page.HasMore)
            {
                return events;
            }
        }
    }

    /// <summary>A request with the editor's write key and no If-Match.</summary>
    protected HttpRequestMessage WriteRequest(HttpMethod method, string url, object? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add(HeadlessBlog.Api.Security.ApiKeys.HeaderName, Factory.WriteKey);
        return request;
    }

    protected static async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await ReadProblemAsync(response, status);
        return problem.GetProperty("detail").GetString()!;
    }
}
