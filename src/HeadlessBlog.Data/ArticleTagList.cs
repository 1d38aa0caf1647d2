namespace HeadlessBlog.Data;

/// <summary>
/// An article's tags in order, as JSON (<c>[{"id":1,"name":"…","slug":"…"}]</c>): a copy of its assignments and their
/// tags that a read takes with the article in one query, instead of a second query for the tags of every article it
/// shows. Kept in its own narrow row, so that renaming a tag rewrites neither the articles' rows (their bodies) nor
/// their versions. Written only by <see cref="UpsertSql"/>, which the change log runs at the commit of every save that
/// creates an article or changes the tags of one (its own assignments, or a tag it carries renamed or deleted).
/// </summary>
public sealed class ArticleTagList
{
    public int ArticleId { get; set; }

    public string Tags { get; set; } = "[]";

    public Article Article { get; set; } = null!;

    /// <summary>
    /// SQL that writes the tag lists of the articles <paramref name="articleIds"/> (a list of ids or a subquery) from
    /// their assignments as stored, in position order; an article without tags gets <c>[]</c>.
    /// </summary>
    public static string UpsertSql(bool sqlServer, string articleIds) => sqlServer
        ? $"""
           UPDATE [l] SET [l].[Tags] = {SqlServerList("[l].[ArticleId]")}
           FROM [ArticleTagLists] AS [l] WHERE [l].[ArticleId] IN ({articleIds});
           INSERT INTO [ArticleTagLists] ([ArticleId], [Tags])
           SELECT [a].[Id], {SqlServerList("[a].[Id]")}
           FROM [Articles] AS [a]
           WHERE [a].[Id] IN ({articleIds}) AND NOT EXISTS (SELECT 1 FROM [ArticleTagLists] AS [x] WHERE [x].[ArticleId] = [a].[Id]);
           """
        : $"""
           INSERT INTO "ArticleTagLists" ("ArticleId", "Tags")
           SELECT "a"."Id", (
               SELECT json_group_array(json_object('id', "t"."Id", 'name', "t"."Name", 'slug', "t"."Slug") ORDER BY "at"."Position", "at"."TagId")
               FROM "ArticleTags" AS "at" INNER JOIN "Tags" AS "t" ON "t"."Id" = "at"."TagId"
               WHERE "at"."ArticleId" = "a"."Id")
           FROM "Articles" AS "a"
           WHERE "a"."Id" IN ({articleIds})
           ON CONFLICT ("ArticleId") DO UPDATE SET "Tags" = "excluded"."Tags";
           """;

    private static string SqlServerList(string articleId) => $"""
        ISNULL((SELECT [t].[Id] AS [id], [t].[Name] AS [name], [t].[Slug] AS [slug]
            FROM [ArticleTags] AS [at] INNER JOIN [Tags] AS [t] ON [t].[Id] = [at].[TagId]
            WHERE [at].[ArticleId] = {articleId}
            ORDER BY [at].[Position], [at].[TagId]
            FOR JSON PATH), N'[]')
        """;
}
