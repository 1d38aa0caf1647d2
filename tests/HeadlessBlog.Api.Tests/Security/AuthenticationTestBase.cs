using System.Text.RegularExpressions;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Security;

/// <summary>What the authentication tests share: articles readers must not see, and keys made with the <c>keys</c> command.</summary>
public abstract partial class AuthenticationTestBase<TFactory>(TFactory factory) : SecurityTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    protected static Regex KeyPattern() => KeyCommandLine.KeyPattern();

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

    protected Task<(int Exit, string Output, string Error)> RunKeysAsync(params string[] args) => KeyCommandLine.RunAsync(Factory, args);

    protected Task<(int Id, string Key)> CreateKeyWithCliAsync(string name, string scope) => KeyCommandLine.CreateKeyAsync(Factory, name, scope);

    /// <summary>The secret part of <c>hb_&lt;16 hex prefix&gt;_&lt;secret&gt;</c> (the secret itself may contain '_').</summary>
    protected static string SecretOf(string key)
    {
        Assert.Matches("^hb_[0-9a-f]{16}_", key);
        return key[20..];
    }
}
