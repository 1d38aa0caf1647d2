using System.Text.Json.Nodes;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Trash;
using HeadlessBlog.Data;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Articles;

public static partial class ArticleEndpoints
{
    private static void MapWrites(RouteGroupBuilder group)
    {
        group.MapPost("/", CreateArticle).WithName(nameof(CreateArticle))
            .WithSummary("Create an article")
            .WithRequestExample(Example)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequiresWrite();
        group.MapPut("/{id:int}", UpdateArticle).WithName(nameof(UpdateArticle))
            .WithSummary("Replace an article (If-Match: its current ETag)")
            .WithRequestExample(Example)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithPreconditions()
            .RequiresWrite();
        group.MapDelete("/{id:int}", DeleteArticle).WithName(nameof(DeleteArticle))
            .WithSummary("Move an article to the trash, or with ?permanent=true delete it at once with its tag assignments and every link from or to it (If-Match: its current ETag)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithPreconditions()
            .RequiresWrite();
    }

    /// <summary>The request body Swagger UI offers.</summary>
    private static JsonObject Example() => new()
    {
        ["title"] = "Hello, HeadlessBlog",
        ["summary"] = "A first article written through the API.",
        ["body"] = "# Hello\n\nThis article was written in **Markdown**.",
        ["status"] = "published",
        ["tags"] = new JsonArray("Machine Learning", "Open Source"),
        ["relatedArticleIds"] = new JsonArray(),
    };

    public static async Task<Results<Created<ArticleResponse>, ValidationProblem, ProblemHttpResult>> CreateArticle(
        ArticleRequest body, TypeAdapterConfig mapping, [AsParameters] ContentRequest request)
    {
        var article = ArticleEditor.New();
        switch (await ArticleEditor.ApplyAsync(article, body, request, mapping))
        {
            case ValidationProblem invalid: return invalid;
            case ProblemHttpResult refused: return refused;
        }

        await request.Db.SaveChangesAsync(request.Aborted);
        var response = await ArticleReads.ProjectAsync(request, article.Id);
        request.Http.Response.Headers.ETag = Preconditions.ETagOf(response.Version);
        return TypedResults.Created($"/api/articles/{article.Id}", response);
    }

    public static async Task<Results<Ok<ArticleResponse>, ValidationProblem, ProblemHttpResult>> UpdateArticle(
        int id, ArticleRequest body, TypeAdapterConfig mapping, [AsParameters] ContentRequest request)
    {
        var article = await ArticleQueries.ForUpdate(request.Db, id).FirstOrDefaultAsync(request.Aborted);
        if (article is null)
        {
            return Problems.NotFound($"Article {id} does not exist.");
        }

        if (Preconditions.Check(request.Http, article.Version) is { } failed)
        {
            return failed;
        }

        switch (await ArticleEditor.ApplyAsync(article, body, request, mapping))
        {
            case ValidationProblem invalid: return invalid;
            case ProblemHttpResult refused: return refused;
        }

        if (await Preconditions.SaveAsync(request.Db, article, id, request.Http, $"Article {id} does not exist.", request.Aborted) is { } lostRace)
        {
            return lostRace;
        }

        var response = await ArticleReads.ProjectAsync(request, id);
        request.Http.Response.Headers.ETag = Preconditions.ETagOf(response.Version);
        return TypedResults.Ok(response);
    }

    /// <param name="id">The article.</param>
    /// <param name="permanent">True: delete it at once instead of moving it to the trash.</param>
    /// <param name="request">The request.</param>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteArticle(
        int id, [AsParameters] ContentRequest request, bool permanent = false)
    {
        var (db, http, cancellationToken) = (request.Db, request.Http, request.Aborted);
        var version = await ArticleQueries.WithId(db, id).Select(a => a.Version).FirstOrDefaultAsync(cancellationToken);
        if (version is null)
        {
            return Problems.NotFound($"Article {id} does not exist.");
        }

        if (Preconditions.Check(http, version) is { } failed)
        {
            return failed;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        var deleted = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Write-lock the article row first (if it still has the version read): until the commit, another request
            // cannot add a link to it, whose foreign key would make the final DELETE fail (SQL Server, READ COMMITTED).
            var locked = await ArticleQueries.WithVersion(db, id, version)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.UpdatedAt, a => a.UpdatedAt), cancellationToken);
            if (locked == 0)
            {
                // Changed (or deleted) since the version was read: keep everything.
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }

            // Read under the lock, and deleted through the context like every write. Links pointing at the article
            // have no cascade (one cascade path only on SQL Server); its tag assignments, own links and old slugs
            // cascade in the database.
            if (permanent)
            {
                db.ArticleLinks.RemoveRange(await ArticleQueries.LinksTo(db, id).ToListAsync(cancellationToken));
                db.Articles.Remove(await ArticleQueries.WithId(db, id).SingleAsync(cancellationToken));
            }
            else
            {
                await TrashBin.MoveAsync(db, id, http, request.UtcNow(), cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        });
        return deleted
            ? TypedResults.NoContent()
            : await Preconditions.LostRaceAsync<Article>(db, id, http, $"Article {id} does not exist.", cancellationToken);
    }
}
