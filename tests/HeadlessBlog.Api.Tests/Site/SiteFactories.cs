using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Site;

/// <summary>What every site test host has: the frontend's address and article paths, feeds of five items.</summary>
internal static class SiteHost
{
    public const string Url = "https://blog.example";

    public static string ArticleUrl(string slug) => $"{Url}/blog/{slug}";

    public static Dictionary<string, string?> Settings() => new()
    {
        ["Site:Url"] = Url,
        ["Site:ArticleUrlTemplate"] = "/blog/{slug}",
        ["Site:Title"] = "Example Blog",
        ["Site:Description"] = "Notes on building software.",
        ["Feed:Items"] = "5",
    };
}

public class SiteSqliteFactory : SqliteApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => SiteHost.Settings();
}

public class SiteSqlServerFactory(SqlServerContainer container) : SqlServerApiFactory(container)
{
    protected override IReadOnlyDictionary<string, string?> Settings => SiteHost.Settings();
}
