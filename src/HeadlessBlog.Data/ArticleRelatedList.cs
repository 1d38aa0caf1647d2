namespace HeadlessBlog.Data;

/// <summary>
/// An article's related articles as the summaries a read shows (JSON, in link order, trashed ones left out), computed
/// by the database whenever it is read: a query (<see cref="Sql"/>), not a table. Joined to its article by key, it lets
/// a read take the article, its tags and its related articles with theirs in one statement; as a collection of the
/// article, SQLite could not join it by the article's key and computed it for every article of the database.
/// </summary>
/// <remarks>
/// The property names are those of the API's summaries (camelCase); timestamps are ISO 8601 in UTC with a <c>Z</c>,
/// as the API writes them. Whether each related article is visible is left to the reader, who knows when it reads.
/// </remarks>
public sealed class ArticleRelatedList
{
    public int ArticleId { get; set; }

    /// <summary>A JSON array of summaries; null (SQL Server, for no related article) or <c>[]</c> when there are none.</summary>
    public string? Related { get; set; }

    public Article Article { get; set; } = null!;

    /// <summary>The query behind <see cref="ArticleRelatedList"/>: one row per article, its related summaries computed by a subquery.</summary>
    public static string Sql(bool sqlServer) => sqlServer
        ? """
          SELECT [s].[Id] AS [ArticleId], (
              SELECT [t].[Id] AS [id], [t].[Slug] AS [slug], [t].[Title] AS [title], [t].[Summary] AS [summary],
                  [t].[FeatureImageUrl] AS [featureImageUrl], [t].[FeatureImageAlt] AS [featureImageAlt],
                  CASE WHEN [t].[Status] = 1 THEN N'published' ELSE N'draft' END AS [status],
                  CONVERT(nvarchar(30), [t].[PublishedAt], 126) + N'Z' AS [publishedAt],
                  CONVERT(nvarchar(30), [t].[UpdatedAt], 126) + N'Z' AS [updatedAt],
                  JSON_QUERY(COALESCE(NULLIF([tl].[Tags], N''), N'[]')) AS [tags],
                  [t].[Excerpt] AS [excerpt], [t].[WordCount] AS [wordCount], [t].[ReadingTimeMinutes] AS [readingTimeMinutes]
              FROM [ArticleLinks] AS [l]
              INNER JOIN [Articles] AS [t] ON [t].[Id] = [l].[TargetArticleId]
              LEFT JOIN [ArticleTagLists] AS [tl] ON [tl].[ArticleId] = [t].[Id]
              WHERE [l].[SourceArticleId] = [s].[Id] AND [t].[DeletedAt] IS NULL
              ORDER BY [l].[Position]
              FOR JSON PATH) AS [Related]
          FROM [Articles] AS [s]
          """
        : """
          SELECT "s"."Id" AS "ArticleId", (
              SELECT json_group_array(json_object(
                  'id', "t"."Id", 'slug', "t"."Slug", 'title', "t"."Title", 'summary', "t"."Summary",
                  'featureImageUrl', "t"."FeatureImageUrl", 'featureImageAlt', "t"."FeatureImageAlt",
                  'status', CASE WHEN "t"."Status" = 1 THEN 'published' ELSE 'draft' END,
                  'publishedAt', replace("t"."PublishedAt", ' ', 'T') || 'Z',
                  'updatedAt', replace("t"."UpdatedAt", ' ', 'T') || 'Z',
                  'tags', json(CASE WHEN "tl"."Tags" IS NULL OR "tl"."Tags" = '' THEN '[]' ELSE "tl"."Tags" END),
                  'excerpt', "t"."Excerpt", 'wordCount', "t"."WordCount", 'readingTimeMinutes', "t"."ReadingTimeMinutes")
                  ORDER BY "l"."Position")
              FROM "ArticleLinks" AS "l"
              INNER JOIN "Articles" AS "t" ON "t"."Id" = "l"."TargetArticleId"
              LEFT JOIN "ArticleTagLists" AS "tl" ON "tl"."ArticleId" = "t"."Id"
              WHERE "l"."SourceArticleId" = "s"."Id" AND "t"."DeletedAt" IS NULL) AS "Related"
          FROM "Articles" AS "s"
          """;
}
