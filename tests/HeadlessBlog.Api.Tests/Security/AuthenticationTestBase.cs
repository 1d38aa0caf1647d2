using System.Text.RegularExpressions;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Security;

/// <summary>What the authentication tests share: articles readers must not see, and keys made with the <c>keys</c> command.</summary>
public abstract partial class AuthenticationTestBase<TFactory>(TFactory factory) : SecurityTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [GeneratedRegex("hb_[0-9a-f]{16}_[A-Za-z0-9_-]+")]
    protected static partial Regex KeyPattern();

    [GeneratedRegex(@"^Created key (\d+) ")]
    private static partial Regex CreatedLine();

    protected sealed record MixedArticles(string TagSlug, int Published, int Draft, int Scheduled);

    /// <summary>A published, a draft and a scheduled article sharing a new tag.</summary>
    protected async Task<MixedArticles> CreateMixedArticlesAsync()
    {
        var tag = Unique("Mixed ");
        var published = await CreatePublishedArticleAsync(tags: [tag]);
        var draft = await CreateArticleAsync(new { title = Unique("Draft "), body = "Draft body.", tags = new[] { tag } });
        var scheduled = await CreateArticleAsync(new
        {
            title = Unique("Scheduled "),
            body = "Scheduled body.",
            status = "published",
            publishedAt = Factory.Clock.GetUtcNow().AddDays(1),
            tags = new[] { tag },
        });
        return new(published.Tags[0].Slug, published.Id, draft.Id, scheduled.Id);
    }

    protected Task<ArticleResponse> CreateNonPublicAsync(string status) =>
        status == "draft"
            ? CreateArticleAsync(new { title = Unique("Draft "), body = "Secret draft body.", status = "draft" })
            : CreateArticleAsync(new
            {
                title = Unique("Scheduled "),
                body = "Embargoed body.",
                status = "published",
                publishedAt = Factory.Clock.GetUtcNow().AddDays(1),
            });

    protected async Task<(int Exit, string Output, string Error)> RunKeysAsync(params string[] args)
    {
        await using var output = new StringWriter();
        await using var error = new StringWriter();
        var exit = await WithDbAsync(db => KeyCommands.RunAsync(args, db, Factory.Clock, output, error));
        return (exit, output.ToString(), error.ToString());
    }

    protected async Task<(int Id, string Key)> CreateKeyWithCliAsync(string name, string scope)
    {
        var (exit, output, error) = await RunKeysAsync("keys", "create", "--name", name, "--scope", scope);
        Assert.True(exit == 0, error);
        var id = int.Parse(CreatedLine().Match(output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return (id, KeyPattern().Match(output).Value);
    }

    /// <summary>The secret part of <c>hb_&lt;16 hex prefix&gt;_&lt;secret&gt;</c> (the secret itself may contain '_').</summary>
    protected static string SecretOf(string key)
    {
        Assert.Matches("^hb_[0-9a-f]{16}_", key);
        return key[20..];
    }
}
