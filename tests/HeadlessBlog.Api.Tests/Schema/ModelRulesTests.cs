using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace HeadlessBlog.Api.Tests.Schema;

/// <summary>Rules of the EF model that the databases enforce only when the schema is created or used.</summary>
public sealed class ModelRulesTests
{
    [Fact]
    public void SqlServerModel_HasNoMultipleOrCyclicCascadePaths()
    {
        using var context = BlogContexts.SqlServer();

        var problems = CascadePathProblems(DesignTimeModel(context));

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void CascadePathCheck_ReportsTwoCascadingForeignKeysToOneTable()
    {
        using var context = new TwoCascadePathsContext();

        var problems = CascadePathProblems(DesignTimeModel(context));

        var problem = Assert.Single(problems);
        Assert.Contains("Edges", problem, StringComparison.Ordinal);
        Assert.Contains("Nodes", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(Article))]
    [InlineData(typeof(Tag))]
    public void SqlServerModel_UsesARowversionConcurrencyToken(Type entity)
    {
        using var context = BlogContexts.SqlServer();

        var version = VersionProperty(DesignTimeModel(context), entity);

        Assert.True(version.IsConcurrencyToken, $"{entity.Name}.Version should be a concurrency token.");
        Assert.Equal(ValueGenerated.OnAddOrUpdate, version.ValueGenerated);
        var column = Assert.Single(version.GetTableColumnMappings()).Column;
        Assert.Equal("rowversion", column.StoreType);
    }

    [Theory]
    [InlineData(typeof(Article))]
    [InlineData(typeof(Tag))]
    public void SqliteModel_UsesAnApplicationWrittenConcurrencyToken(Type entity)
    {
        using var context = BlogContexts.Sqlite();

        var version = VersionProperty(DesignTimeModel(context), entity);

        Assert.True(version.IsConcurrencyToken, $"{entity.Name}.Version should be a concurrency token.");
        // SQLite generates no row versions: a store-generated token would never change.
        Assert.Equal(ValueGenerated.Never, version.ValueGenerated);
    }

    [Theory]
    [MemberData(nameof(BlogContexts.Providers), MemberType = typeof(BlogContexts))]
    public void Model_HasUniqueIndexesOnSlugsNormalizedTagNameAndLinkPair(string provider)
    {
        using var context = BlogContexts.Create(provider);
        var model = DesignTimeModel(context);

        Assert.True(IsUnique(model, typeof(Article), nameof(Article.Slug)), "Article.Slug should be unique.");
        Assert.True(IsUnique(model, typeof(Tag), nameof(Tag.Slug)), "Tag.Slug should be unique.");
        Assert.True(IsUnique(model, typeof(Tag), nameof(Tag.NormalizedName)), "Tag.NormalizedName should be unique.");
        Assert.True(
            IsUnique(model, typeof(ArticleLink), nameof(ArticleLink.SourceArticleId), nameof(ArticleLink.TargetArticleId)),
            "ArticleLink (SourceArticleId, TargetArticleId) should be unique.");
        Assert.False(IsUnique(model, typeof(Article), nameof(Article.Title)), "Article.Title should not be unique (check is able to fail).");
    }

    /// <summary>Columns the API compares ordinally: every slug and every normalized (upper-cased) name, title or summary.</summary>
    private static List<IColumn> OrdinalColumns(IModel model) =>
        model.GetRelationalModel().Tables.SelectMany(t => t.Columns)
            .Where(c => c.Name == "Slug" || c.Name.StartsWith("Normalized", StringComparison.Ordinal))
            .ToList();

    [Fact]
    public void SqlServerModel_GivesEverySlugAndNormalizedColumnABinaryCollation()
    {
        using var context = BlogContexts.SqlServer();

        var columns = OrdinalColumns(DesignTimeModel(context));

        Assert.True(columns.Count >= 7, $"Expected the slug and normalized columns of five tables, found {columns.Count}.");
        var wrong = columns.Where(c => c.Collation?.EndsWith("_BIN2", StringComparison.Ordinal) != true)
            .Select(c => $"{c.Table.Name}.{c.Name} ({c.Collation ?? "database default"})").ToList();
        Assert.True(wrong.Count == 0, "Without a _BIN2 collation SQL Server calls 'STRASSE' and 'STRAßE' equal: " + string.Join(", ", wrong));
    }

    [Fact]
    public void SqliteModel_KeepsTheBinaryDefaultCollation()
    {
        using var context = BlogContexts.Sqlite();

        var collations = OrdinalColumns(DesignTimeModel(context)).Select(c => c.Collation).Distinct().ToList();

        Assert.Equal([null], collations);
    }

    [Theory]
    [MemberData(nameof(BlogContexts.Providers), MemberType = typeof(BlogContexts))]
    public void Model_HasTheNoSelfLinkCheckConstraint(string provider)
    {
        using var context = BlogContexts.Create(provider);

        var checks = DesignTimeModel(context).GetEntityTypes().SelectMany(t => t.GetCheckConstraints()).Select(c => c.ModelName);

        Assert.Contains("CK_ArticleLinks_NoSelfLink", checks);
    }

    [Fact]
    public void SqlServerModel_WritesCheckConstraintsWithBracketQuoting()
    {
        using var context = BlogContexts.SqlServer();

        var checks = DesignTimeModel(context).GetEntityTypes().SelectMany(t => t.GetCheckConstraints()).ToList();

        Assert.NotEmpty(checks);
        // Under QUOTED_IDENTIFIER OFF (sqlcmd's default) "A" <> "B" compares two string literals and never fails.
        Assert.All(checks, c => Assert.DoesNotContain("\"", c.Sql, StringComparison.Ordinal));
        Assert.All(checks, c => Assert.Contains("[", c.Sql, StringComparison.Ordinal));
    }

    /// <summary>The model migrations are built from (with every relational detail, such as foreign key constraints).</summary>
    private static IModel DesignTimeModel(DbContext context) => context.GetService<IDesignTimeModel>().Model;

    private static IProperty VersionProperty(IModel model, Type entity)
    {
        var entityType = model.FindEntityType(entity);
        Assert.NotNull(entityType);
        var property = entityType.FindProperty(nameof(IVersioned.Version));
        Assert.NotNull(property);
        return property;
    }

    /// <summary>True when a primary key, alternate key or unique index covers exactly <paramref name="properties"/>, in order.</summary>
    private static bool IsUnique(IModel model, Type entity, params string[] properties)
    {
        var entityType = model.FindEntityType(entity);
        Assert.NotNull(entityType);
        var uniqueSets = entityType.GetKeys().Select(k => k.Properties)
            .Concat(entityType.GetIndexes().Where(i => i.IsUnique).Select(i => i.Properties));
        return uniqueSets.Any(set => set.Select(p => p.Name).SequenceEqual(properties, StringComparer.Ordinal));
    }

    /// <summary>
    /// SQL Server refuses a foreign key with ON DELETE CASCADE when it would give a table two cascade paths from one
    /// table (e.g. two cascading keys to the same principal) or a cycle ("may cause cycles or multiple cascade paths").
    /// Walks the cascading foreign keys of the relational model from every table towards its principals.
    /// </summary>
    private static List<string> CascadePathProblems(IModel model)
    {
        var cascades = model.GetRelationalModel().Tables
            .SelectMany(t => t.ForeignKeyConstraints)
            .Where(fk => fk.OnDeleteAction == ReferentialAction.Cascade)
            .ToList();
        var problems = new List<string>();
        foreach (var table in model.GetRelationalModel().Tables)
        {
            // Every cascade path ending at this table, as the list of tables from its origin.
            var paths = new List<List<string>>();
            var pending = new Stack<List<string>>();
            pending.Push([table.Name]);
            while (pending.Count > 0)
            {
                var path = pending.Pop();
                foreach (var fk in cascades.Where(fk => fk.Table.Name == path[0]))
                {
                    var principal = fk.PrincipalTable.Name;
                    if (path.Contains(principal))
                    {
                        problems.Add($"Cascade cycle: {principal} -> {string.Join(" -> ", path)} (via {fk.Name}).");
                        continue;
                    }

                    var longer = new List<string> { principal };
                    longer.AddRange(path);
                    paths.Add(longer);
                    pending.Push(longer);
                }
            }

            foreach (var origin in paths.GroupBy(p => p[0], StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                problems.Add(
                    $"{table.Name} has {origin.Count()} cascade paths from {origin.Key}: "
                    + string.Join("; ", origin.Select(p => string.Join(" -> ", p)))
                    + ". Make all but one of these foreign keys non-cascading (OnDelete NoAction/Restrict) and delete those rows explicitly.");
            }
        }

        return problems.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>A deliberately wrong model: an edge table with two cascading keys to one node table.</summary>
    private sealed class TwoCascadePathsContext : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
            optionsBuilder.UseSqlServer(BlogContexts.UnusedSqlServerConnectionString);

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Node>().ToTable("Nodes");
            modelBuilder.Entity<Edge>(edge =>
            {
                edge.ToTable("Edges");
                edge.HasKey(e => new { e.FromId, e.ToId });
                edge.HasOne(e => e.From).WithMany().HasForeignKey(e => e.FromId).OnDelete(DeleteBehavior.Cascade);
                edge.HasOne(e => e.To).WithMany().HasForeignKey(e => e.ToId).OnDelete(DeleteBehavior.Cascade);
            });
        }
    }

    private sealed class Node
    {
        public int Id { get; set; }
    }

    private sealed class Edge
    {
        public int FromId { get; set; }
        public int ToId { get; set; }
        public Node From { get; set; } = null!;
        public Node To { get; set; } = null!;
    }
}
