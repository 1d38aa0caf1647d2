BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130074254_TagVisibility'
)
BEGIN
    DROP INDEX [IX_ArticleTags_TagId_ArticleId] ON [ArticleTags];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130074254_TagVisibility'
)
BEGIN
    ALTER TABLE [ArticleTags] ADD [ArticlePublishedAt] datetime2 NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130074254_TagVisibility'
)
BEGIN
    ALTER TABLE [ArticleTags] ADD [ArticleStatus] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130074254_TagVisibility'
)
BEGIN
    UPDATE [at]
    SET [at].[ArticleStatus] = [a].[Status], [at].[ArticlePublishedAt] = [a].[PublishedAt]
    FROM [ArticleTags] AS [at]
    INNER JOIN [Articles] AS [a] ON [a].[Id] = [at].[ArticleId];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130074254_TagVisibility'
)
BEGIN
    CREATE INDEX [IX_ArticleTags_TagId_ArticleStatus_ArticlePublishedAt_ArticleId] ON [ArticleTags] ([TagId], [ArticleStatus], [ArticlePublishedAt], [ArticleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130074254_TagVisibility'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261130074254_TagVisibility', N'10.0.15');
END;

COMMIT;
GO

