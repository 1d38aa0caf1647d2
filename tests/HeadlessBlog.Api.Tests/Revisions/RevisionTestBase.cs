using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Revisions;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Data;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Revisions;

/// <summary>What the revision tests share: reading revisions, restoring one, and keys of their own.</summary>
public abstract class RevisionTestBase<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    /// <summary>Every revision of the article, newest first.</summary>
    protected async Task<List<RevisionSummary>> RevisionsAsync(int articleId)
    {
        var response = await Editor.GetAsync($"/api/articles/{articleId}/revisions?pageSize=100", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return [.. (await response.Content.ReadFromJsonAsync<PagedResponse<RevisionSummary>>(Ct))!.Items];
    }

    protected async Task<RevisionResponse> RevisionAsync(int articleId, int number)
    {
        var response = await Editor.GetAsync($"/api/articles/{articleId}/revisions/{number}", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<RevisionResponse>(Ct))!;
    }

    /// <summary>POSTs a restore with <paramref name="etag"/> as If-Match (none when null).</summary>
    protected Task<HttpResponseMessage> RestoreAsync(int articleId, int number, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/articles/{articleId}/revisions/{number}/restore");
        request.Headers.Add(ApiKeys.HeaderName, Factory.WriteKey);
        if (etag is not null)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        }

        return Factory.CreateAnonymousClient().SendAsync(request, Ct);
    }

    /// <summary>The article as an editor reads it.</summary>
    protected async Task<ArticleResponse> GetArticleAsync(int id)
    {
        var response = await Editor.GetAsync($"/api/articles/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
    }

    protected async Task<string> ETagAsync(int articleId)
    {
        var response = await Editor.GetAsync($"/api/articles/{articleId}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag!.Tag;
    }

    /// <summary>A key of its own with content:write: its id and a client that sends it.</summary>
    protected (int Id, HttpClient Client) NewWriter(string name)
    {
        _ = Client; // skips the test where the database cannot be had
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
        var (entity, key) = ApiKeys.Create(name, [Scopes.Write], DateTime.UtcNow);
        db.ApiKeys.Add(entity);
        db.SaveChanges();
        return (entity.Id, Factory.CreateKeyClient(key));
    }
}
