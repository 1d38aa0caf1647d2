using System.Text.Json;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Revisions;

/// <summary>The revision reads, and how a stored revision is shown.</summary>
internal static class RevisionQueries
{
    /// <summary>A listed revision as stored (its fields and lists still comma-separated or JSON).</summary>
    public sealed record Row(
        int Number, byte[] Version, DateTime CreatedAt, int? ActorKeyId, string? ActorName, string ChangedFields, string Title,
        ArticleStatus Status, int? RestoredFrom);

    /// <summary>The article's revisions, newest first, without their bodies.</summary>
    public static IQueryable<Row> Summaries(BlogDbContext db, int articleId) =>
        db.ArticleRevisions.Where(r => r.ArticleId == articleId).OrderByDescending(r => r.Number)
            .Select(r => new Row(r.Number, r.Version, r.CreatedAt, r.ActorKeyId, r.ActorName, r.ChangedFields, r.Title, r.Status, r.RestoredFrom));

    /// <summary>The number of the article's revision just before <paramref name="number"/>, if one is kept.</summary>
    public static IQueryable<int?> Before(BlogDbContext db, int articleId, int number) =>
        db.ArticleRevisions.Where(r => r.ArticleId == articleId && r.Number < number).OrderByDescending(r => r.Number)
            .Select(r => (int?)r.Number);

    public static async Task<RevisionResponse?> FindAsync(BlogDbContext db, int articleId, int number, CancellationToken cancellationToken)
    {
        var revision = await db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == articleId && r.Number == number)
            .FirstOrDefaultAsync(cancellationToken);
        return revision is null ? null : ToResponse(revision);
    }

    public static RevisionSummary ToSummary(Row row) => new()
    {
        Number = row.Number,
        Version = Preconditions.VersionOf(row.Version),
        CreatedAt = row.CreatedAt,
        Actor = new RevisionActor(row.ActorKeyId, row.ActorName),
        ChangedFields = Fields(row.ChangedFields),
        Title = row.Title,
        Status = StatusOf(row.Status),
        RestoredFrom = row.RestoredFrom,
    };

    private static RevisionResponse ToResponse(ArticleRevision r) =>
        new(ToSummary(new Row(r.Number, r.Version, r.CreatedAt, r.ActorKeyId, r.ActorName, r.ChangedFields, r.Title, r.Status, r.RestoredFrom)))
        {
            Slug = r.Slug,
            Summary = r.Summary,
            Body = r.Body,
            FeatureImageUrl = r.FeatureImageUrl,
            FeatureImageAlt = r.FeatureImageAlt,
            FeatureImageCaption = r.FeatureImageCaption,
            MetaTitle = r.MetaTitle,
            MetaDescription = r.MetaDescription,
            CanonicalUrl = r.CanonicalUrl,
            OgImageUrl = r.OgImageUrl,
            OgTitle = r.OgTitle,
            OgDescription = r.OgDescription,
            TwitterImageUrl = r.TwitterImageUrl,
            TwitterTitle = r.TwitterTitle,
            TwitterDescription = r.TwitterDescription,
            PublishedAt = r.PublishedAt,
            Tags = JsonSerializer.Deserialize<List<string>>(r.Tags) ?? [],
            RelatedArticleIds = JsonSerializer.Deserialize<List<int>>(r.Related) ?? [],
        };

    /// <summary>An article with nothing in it, to compare a first revision with.</summary>
    public static RevisionResponse Empty(RevisionResponse of) => of with
    {
        Title = "",
        Slug = "",
        Summary = null,
        Body = "",
        FeatureImageUrl = null,
        FeatureImageAlt = null,
        FeatureImageCaption = null,
        MetaTitle = null,
        MetaDescription = null,
        CanonicalUrl = null,
        OgImageUrl = null,
        OgTitle = null,
        OgDescription = null,
        TwitterImageUrl = null,
        TwitterTitle = null,
        TwitterDescription = null,
        Status = "",
        PublishedAt = null,
        Tags = [],
        RelatedArticleIds = [],
    };

    private static string[] Fields(string changed) => changed.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static string StatusOf(ArticleStatus status) => status == ArticleStatus.Published ? ArticleStatuses.Published : ArticleStatuses.Draft;
}
