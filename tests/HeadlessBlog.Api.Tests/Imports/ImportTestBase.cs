using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Imports;
using HeadlessBlog.Api.Tests.Articles;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Data;
using Microsoft.Extensions.DependencyInjection;

[assembly: System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "namespace",
    Target = "~N:HeadlessBlog.Api.Tests.Imports", Justification = "Named like the feature folder it tests.")]

namespace HeadlessBlog.Api.Tests.Imports;

/// <summary>Sends files to <c>POST /api/imports</c> and waits (bounded) for their jobs.</summary>
public abstract class ImportTestBase<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory, IImportFactory
{
    protected static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The longest a job may take here before the test fails (the machine is shared and slow).</summary>
    protected static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);

    protected static Task<HttpResponseMessage> PostAsync(HttpClient client, string content, string mediaType = "application/json", string query = "") =>
        client.PostAsync("/api/imports" + query, new StringContent(content, Encoding.UTF8, mediaType), Ct);

    /// <summary>Posts the file, asserts 202 with its Location, waits for the job to end and returns its report.</summary>
    protected Task<ImportJobResponse> ImportAsync(string content, string mediaType = "application/json", string query = "") =>
        ImportAsync(Factory, Editor, content, mediaType, query);

    protected static async Task<ImportJobResponse> ImportAsync(
        ApiFactory factory, HttpClient client, string content, string mediaType = "application/json", string query = "")
    {
        var response = await PostAsync(client, content, mediaType, query);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}\n"
            + string.Join("\n", (factory as ILoggingHost)?.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Select(e => e.Message) ?? []));
        var accepted = JsonSerializer.Deserialize<ImportJobResponse>(body, Json)!;
        Assert.Equal($"/api/imports/{accepted.Id}", response.Headers.Location?.OriginalString);
        return await WaitAsync(factory, client, accepted.Id);
    }

    protected static async Task<ImportJobResponse> WaitAsync(ApiFactory factory, HttpClient client, Guid id)
    {
        Assert.SkipWhen(factory.UnavailableReason is not null, factory.UnavailableReason ?? "");
        await factory.Services.GetRequiredService<ImportWorker>().Finished(id).WaitAsync(JobTimeout, Ct);
        var report = await client.GetFromJsonAsync<ImportJobResponse>($"/api/imports/{id}", Json, Ct);
        return report!;
    }

    /// <summary>Runs <paramref name="query"/> on the host's database; skips the test where the database is unavailable.</summary>
    protected async Task<T> DbAsync<T>(Func<BlogDbContext, Task<T>> query)
    {
        Assert.SkipWhen(Factory.UnavailableReason is not null, Factory.UnavailableReason ?? "");
        await using var scope = Factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<BlogDbContext>());
    }

    protected async Task<ArticleResponse> ArticleAsync(string slug)
    {
        var response = await Editor.GetAsync($"/api/articles/slug/{slug}", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{slug}: {(int)response.StatusCode}");
        return (await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
    }

    /// <summary>A minimal Ghost 5 export with these posts (objects as Ghost writes them) and tags.</summary>
    protected static string Ghost(JsonArray posts, JsonArray? tags = null, JsonArray? postsTags = null, JsonArray? postsMeta = null) =>
        new JsonObject
        {
            ["db"] = new JsonArray(new JsonObject
            {
                ["meta"] = new JsonObject { ["exported_on"] = 1796409482044, ["version"] = "5.130.6" },
                ["data"] = new JsonObject
                {
                    ["posts"] = posts,
                    ["tags"] = tags ?? [],
                    ["posts_tags"] = postsTags ?? [],
                    ["posts_meta"] = postsMeta ?? [],
                    ["users"] = new JsonArray(new JsonObject { ["id"] = "1", ["password"] = "$2a$10$notstoredanywhere" }),
                },
            }),
        }.ToJsonString();

    protected static JsonObject GhostPost(string slug, string? title = null, string status = "published", string? html = null, string type = "post") => new()
    {
        ["id"] = "id-" + slug,
        ["title"] = title ?? "Title of " + slug,
        ["slug"] = slug,
        ["html"] = html ?? "<p>Body of " + slug + ".</p>",
        ["type"] = type,
        ["status"] = status,
        ["published_at"] = status == "draft" ? null : "2025-02-03 04:05:06",
        ["created_at"] = "2025-01-02 03:04:05",
        ["updated_at"] = "2025-02-03 04:05:07",
    };
}

/// <summary>The files of <c>shared/fixtures</c>, made by real systems: found by walking up from the test assembly.</summary>
public static class SharedFixtures
{
    public static string PathOf(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "fixtures", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"The shared fixture '{name}' was not found in shared/fixtures of any folder above {AppContext.BaseDirectory}: "
            + "clone the shared fixtures beside the repository (../shared/fixtures).", name);
    }

    public static string Read(string name) => File.ReadAllText(PathOf(name));
}
