using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Publishing;

public sealed class ArticleTagCopyOnSqlite(SqliteApiFactory factory) : ArticleTagCopyTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ArticleTagCopyOnSqlServer(SqlServerApiFactory factory) : ArticleTagCopyTests<SqlServerApiFactory>(factory);

/// <summary>
/// Tag assignments carry a copy of their article's status and publication time, kept in step by
/// <see cref="BlogDbContext"/>'s SaveChanges. The check every test host runs when its class is done
/// (<see cref="ArticleTagCopies"/>) finds a write that went around it.
/// </summary>
public abstract class ArticleTagCopyTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task SaveChanges_KeepsTheCopyOfEveryAssignmentInStep()
    {
        var article = await CreatePublishedArticleAsync(tags: [Unique("Copy "), Unique("Copy ")]);
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();

        // Tracked without its assignments: SaveChanges loads them itself.
        var entity = await db.Articles.SingleAsync(a => a.Id == article.Id, Ct);
        entity.Status = ArticleStatus.Draft;
        entity.PublishedAt = entity.PublishedAt!.Value.AddDays(3);
        await db.SaveChangesAsync(Ct);

        var copies = await db.ArticleTags.AsNoTracking().Where(at => at.ArticleId == article.Id).ToListAsync(Ct);
        Assert.Equal(2, copies.Count);
        Assert.All(copies, at => Assert.Equal((ArticleStatus.Draft, entity.PublishedAt), (at.ArticleStatus, at.ArticlePublishedAt)));
        Assert.Empty(await OutOfStepOfAsync(db, article.Id));
    }

    [Fact]
    public async Task ExecuteUpdate_OfAStatus_IsFoundOutOfStep()
    {
        var article = await CreatePublishedArticleAsync(tags: [Unique("Copy ")]);
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();

        await db.Articles.Where(a => a.Id == article.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, ArticleStatus.Draft), Ct);
        var found = await OutOfStepOfAsync(db, article.Id);

        // Put back in step through SaveChanges, so that this class's own end-of-class check passes.
        var entity = await db.Articles.Include(a => a.Tags).SingleAsync(a => a.Id == article.Id, Ct);
        db.Entry(entity).Property(a => a.Status).IsModified = true;
        await db.SaveChangesAsync(Ct);
        Assert.Single(found);
        Assert.Empty(await OutOfStepOfAsync(db, article.Id));
    }

    private static async Task<List<string>> OutOfStepOfAsync(BlogDbContext db, int articleId) =>
        (await ArticleTagCopies.OutOfStepAsync(db, Ct)).Where(r => r.StartsWith($"article {articleId},", StringComparison.Ordinal)).ToList();
}
