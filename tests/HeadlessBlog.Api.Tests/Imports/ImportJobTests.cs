using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Imports;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Imports;

public sealed class ImportJobOnSqlite(ImportJobSqliteFactory factory) : ImportJobTests<ImportJobSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ImportJobOnSqlServer(ImportJobSqlServerFactory factory) : ImportJobTests<ImportJobSqlServerFactory>(factory);

/// <summary>The job (two articles a batch, see <see cref="ImportJobHost"/>): dry runs, conflicts, batches that fail in the middle, restarts.</summary>
public abstract class ImportJobTests<TFactory>(TFactory factory) : ImportTestBase<TFactory>(factory)
    where TFactory : ApiFactory, IImportFactory
{
    [Fact]
    public async Task DryRun_ReportsWhatWouldHappen_AndWritesNoContent()
    {
        var (a, b, tag) = (Unique("dry"), Unique("dry"), Unique("Tag "));
        var changes = await DbAsync(db => db.ContentChanges.CountAsync(Ct));

        var report = await ImportAsync(
            Ghost([GhostPost(a), GhostPost(b, new string('x', 600))], [new System.Text.Json.Nodes.JsonObject { ["id"] = "t", ["name"] = tag, ["slug"] = Unique("t") }],
                [new System.Text.Json.Nodes.JsonObject { ["post_id"] = "id-" + a, ["tag_id"] = "t", ["sort_order"] = 0 }]),
            query: "?dryRun=true");

        Assert.True(report.DryRun);
        Assert.Equal(ImportStatuses.Succeeded, report.Status);
        Assert.Equal((2, 2, 1), (report.Total, report.Processed, report.Created));
        Assert.Equal(b, Assert.Single(report.Skipped).Slug);
        Assert.Equal(HttpStatusCode.NotFound, (await Editor.GetAsync($"/api/articles/slug/{a}", Ct)).StatusCode);
        Assert.False(await DbAsync(db => db.Tags.AnyAsync(t => t.Name == tag, Ct)));
        Assert.Equal(changes, await DbAsync(db => db.ContentChanges.CountAsync(Ct)));
    }

    [Fact]
    public async Task ExistingSlug_WithSkip_LeavesTheArticleAsItIs()
    {
        var existing = await CreatePublishedArticleAsync();

        var report = await ImportAsync(Ghost([GhostPost(existing.Slug, "From Ghost")]));

        Assert.Equal((0, 0), (report.Created, report.Updated));
        Assert.Contains("onConflict=skip", Assert.Single(report.Skipped).Reason, StringComparison.Ordinal);
        var article = await ArticleAsync(existing.Slug);
        Assert.Equal(existing.Title, article.Title);
        Assert.Equal(existing.Version, article.Version);
    }

    [Fact]
    public async Task ExistingSlug_WithUpdate_ReplacesItsFields_AsAnOrdinaryWrite()
    {
        var related = await CreatePublishedArticleAsync();
        var existing = await CreatePublishedArticleAsync(related: [related.Id]);

        var report = await ImportAsync(Ghost([GhostPost(existing.Slug, "From Ghost")]), query: "?onConflict=update");

        Assert.Equal((0, 1), (report.Created, report.Updated));
        Assert.Empty(report.Skipped);
        var article = await ArticleAsync(existing.Slug);
        Assert.Equal(existing.Id, article.Id);
        Assert.Equal("From Ghost", article.Title);
        Assert.Equal("<p>Body of " + existing.Slug + ".</p>\n", article.BodyHtml);
        Assert.Equal([related.Id], article.Related.Select(r => r.Id));
        // A revision for the update, as for any write through the API.
        var revisions = await Editor.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/articles/{existing.Id}/revisions", Ct);
        Assert.Equal(2, revisions.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task ImportedArticle_HasItsRevisionAndChangeEvent()
    {
        var slug = Unique("events");

        await ImportAsync(Ghost([GhostPost(slug)]));

        var article = await ArticleAsync(slug);
        Assert.True(await DbAsync(db => db.ContentChanges.AnyAsync(c => c.EntityId == article.Id && c.Type == "article.created", Ct)));
        Assert.True(await DbAsync(db => db.ArticleRevisions.AnyAsync(r => r.ArticleId == article.Id, Ct)));
    }

    /// <summary>
    /// Imports <paramref name="count"/> posts, the fourth titled <paramref name="failingTitle"/>, and asserts that the job
    /// failed in its second batch (articles 3 and 4) for <paramref name="cause"/>, with the first batch imported; returns the slugs and the job.
    /// </summary>
    private async Task<(string[] Slugs, Guid Job)> FailInTheSecondBatchAsync(int count, string failingTitle, string cause)
    {
        var slugs = Enumerable.Range(0, count).Select(_ => Unique("batch")).ToArray();

        var report = await ImportAsync(Ghost([.. slugs.Select((s, i) => GhostPost(s, i == 3 ? failingTitle : null))]));

        Assert.Equal(ImportStatuses.Failed, report.Status);
        Assert.Equal((count, 2, 2), (report.Total, report.Processed, report.Created));
        Assert.Contains($"Stopped at article 3 of {count} ('{slugs[2]}')", report.Error, StringComparison.Ordinal);
        Assert.Contains(cause, report.Error, StringComparison.Ordinal);
        Assert.Equal("<p>Body of " + slugs[0] + ".</p>\n", (await ArticleAsync(slugs[0])).BodyHtml);
        await ArticleAsync(slugs[1]);
        return (slugs, report.Id);
    }

    [Fact]
    public async Task FailureInABatch_KeepsEarlierBatchesWhole_AndSaysWhereItStopped()
    {
        var (slugs, _) = await FailInTheSecondBatchAsync(5, ImportJobHost.Failing, "The database refused the batch.");

        foreach (var slug in slugs[2..])
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Editor.GetAsync($"/api/articles/slug/{slug}", Ct)).StatusCode);
        }
    }

    [Fact]
    public async Task FailureOfTheDatabaseAfterTheBatchWasSent_RollsBackTheWholeBatch()
    {
        var (slugs, job) = await FailInTheSecondBatchAsync(4, ImportJobHost.FailingOnServer, "The database failed in the middle of the batch.");

        // The database had run the batch's commands up to the failing one (its first article's insert among them): all undone.
        Assert.False(await DbAsync(db => db.Articles.IgnoreQueryFilters().AnyAsync(a => a.Slug == slugs[2] || a.Slug == slugs[3], Ct)));
        Assert.False(await DbAsync(db => db.ArticleRevisions.AnyAsync(r => r.Title == ImportJobHost.FailingOnServer, Ct)));
        Assert.Equal(2, await DbAsync(db => db.ImportJobs.Where(j => j.Id == job).Select(j => j.Processed).FirstAsync(Ct)));
    }

    [Fact]
    public async Task JobsInterruptedByARestart_AreMarkedFailed_WithThatReason()
    {
        var (running, queued, done) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await DbAsync(async db =>
        {
            foreach (var (id, status) in new[] { (running, ImportStatuses.Running), (queued, ImportStatuses.Queued), (done, ImportStatuses.Succeeded) })
            {
                db.ImportJobs.Add(new ImportJob { Id = id, Format = "ghost", Status = status, OnConflict = "skip", Processed = 3, Total = 9, CreatedAt = Factory.Clock.GetUtcNow().UtcDateTime });
                db.ImportUploads.Add(new ImportUpload { JobId = id, Content = [1, 2, 3] });
            }

            return await db.SaveChangesAsync(Ct);
        });
        var restartedAt = Factory.Clock.GetUtcNow().UtcDateTime;
        var accepted = Guid.NewGuid();
        await DbAsync(db =>
        {
            // Accepted after the start: this instance's own job, not one a restart interrupted.
            db.ImportJobs.Add(new ImportJob { Id = accepted, Format = "ghost", Status = ImportStatuses.Queued, OnConflict = "skip", CreatedAt = restartedAt.AddSeconds(1) });
            return db.SaveChangesAsync(Ct);
        });

        // What the worker does when the app starts again.
        var marked = await Factory.Services.GetRequiredService<ImportWorker>().FailInterruptedAsync(restartedAt, Ct);

        Assert.Equal(2, marked);
        foreach (var id in new[] { running, queued })
        {
            var job = (await Editor.GetFromJsonAsync<ImportJobResponse>($"/api/imports/{id}", Json, Ct))!;
            Assert.Equal((ImportStatuses.Failed, ImportWorker.InterruptedReason, 3), (job.Status, job.Error, job.Processed));
            Assert.True(job.FinishedAt >= restartedAt);
        }

        Assert.Equal(ImportStatuses.Succeeded, (await Editor.GetFromJsonAsync<ImportJobResponse>($"/api/imports/{done}", Json, Ct))!.Status);
        Assert.Equal(ImportStatuses.Queued, (await Editor.GetFromJsonAsync<ImportJobResponse>($"/api/imports/{accepted}", Json, Ct))!.Status);
        Assert.Equal([done], await DbAsync(db => db.ImportUploads.Select(u => u.JobId).ToListAsync(Ct)));
    }

    [Fact]
    public async Task UnknownJob_Returns404_AndReadingAJobNeedsAWriteKey()
    {
        var missing = await Editor.GetAsync($"/api/imports/{Guid.NewGuid()}", Ct);
        var anonymous = await Factory.CreateAnonymousClient().GetAsync($"/api/imports/{Guid.NewGuid()}", Ct);
        var reader = await Factory.CreateKeyClient(Factory.ReadKey).GetAsync($"/api/imports/{Guid.NewGuid()}", Ct);
        var post = await Factory.CreateKeyClient(Factory.ReadKey).PostAsync("/api/imports", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), Ct);

        await ReadProblemAsync(missing, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
    }
}
