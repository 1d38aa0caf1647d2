using System.Linq.Expressions;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore.Query;

namespace HeadlessBlog.Api.Publishing;

/// <summary>
/// What anonymous readers see: a published article whose publication time has come. The rule is written once, as an
/// expression over a status, a publication time and the moment; the forms for <see cref="Article"/>, for the copy on
/// <see cref="ArticleTag"/> and for values in memory are all made from it.
/// </summary>
public static class Visibility
{
    private static readonly Expression<Func<ArticleStatus, DateTime?, DateTime, bool>> Visible =
        (status, publishedAt, now) => status == ArticleStatus.Published && publishedAt <= now;

    /// <summary>Published, but its time has not come yet.</summary>
    private static readonly Expression<Func<ArticleStatus, DateTime?, DateTime, bool>> Scheduled =
        (status, publishedAt, now) => status == ArticleStatus.Published && publishedAt > now;

    private static readonly Func<ArticleStatus, DateTime?, DateTime, bool> VisibleInMemory = Visible.Compile();
    private static readonly Func<ArticleStatus, DateTime?, DateTime, bool> ScheduledInMemory = Scheduled.Compile();

    public static bool IsVisible(ArticleStatus status, DateTime? publishedAt, DateTime now) => VisibleInMemory(status, publishedAt, now);

    public static bool IsScheduled(ArticleStatus status, DateTime? publishedAt, DateTime now) => ScheduledInMemory(status, publishedAt, now);

    // The rule over each entity's members, bound once; a query then only puts its moment in.
    private static readonly Expression<Func<Article, DateTime, bool>> VisibleArticle =
        Bind(Visible, (Article a) => a.Status, a => a.PublishedAt);

    private static readonly Expression<Func<ArticleTag, DateTime, bool>> VisibleAssignment =
        Bind(Visible, (ArticleTag at) => at.ArticleStatus, at => at.ArticlePublishedAt);

    private static readonly Expression<Func<Article, DateTime, bool>> ScheduledArticleAt =
        Bind(Scheduled, (Article a) => a.Status, a => a.PublishedAt);

    /// <summary>Articles visible at <paramref name="now"/>.</summary>
    public static Expression<Func<Article, bool>> OfArticle(DateTime now) => At(VisibleArticle, now);

    /// <summary>Tag assignments whose article is visible at <paramref name="now"/> (from the copy they carry).</summary>
    public static Expression<Func<ArticleTag, bool>> OfAssignment(DateTime now) => At(VisibleAssignment, now);

    /// <summary>Articles scheduled at <paramref name="now"/>: published with a time still to come.</summary>
    public static Expression<Func<Article, bool>> ScheduledArticle(DateTime now) => At(ScheduledArticleAt, now);

    /// <summary>The rule over <typeparamref name="T"/>: its status and publication time replaced by the entity's members.</summary>
    private static Expression<Func<T, DateTime, bool>> Bind<T>(
        Expression<Func<ArticleStatus, DateTime?, DateTime, bool>> rule,
        Expression<Func<T, ArticleStatus>> status,
        Expression<Func<T, DateTime?>> publishedAt)
    {
        var entity = status.Parameters[0];
        var body = ReplacingExpressionVisitor.Replace(
            [rule.Parameters[0], rule.Parameters[1]],
            [status.Body, ReplacingExpressionVisitor.Replace(publishedAt.Parameters[0], entity, publishedAt.Body)],
            rule.Body);
        return Expression.Lambda<Func<T, DateTime, bool>>(body, entity, rule.Parameters[2]);
    }

    /// <summary>
    /// The bound rule at <paramref name="now"/>, held by a captured variable, which the database query receives as a
    /// parameter (one cached plan for every moment).
    /// </summary>
    private static Expression<Func<T, bool>> At<T>(Expression<Func<T, DateTime, bool>> rule, DateTime now)
    {
        Expression<Func<DateTime>> moment = () => now;
        return Expression.Lambda<Func<T, bool>>(
            ReplacingExpressionVisitor.Replace(rule.Parameters[1], moment.Body, rule.Body), rule.Parameters[0]);
    }
}
