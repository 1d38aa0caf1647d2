using HeadlessBlog.Api.ClientTests.Generated;

namespace HeadlessBlog.Api.ClientTests;

/// <summary>
/// A C# client generated at build time from the API's OpenAPI document (NSwag; see the project file) works against the
/// running API: what a frontend or mobile team gets from the document alone.
/// </summary>
public sealed class GeneratedClientTests(ClientApiFactory factory) : IClassFixture<ClientApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An editor's client: every request carries the write key; changes take If-Match as a parameter.</summary>
    private HeadlessBlogClient CreateEditorClient()
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", factory.WriteKey);
        return new HeadlessBlogClient(http);
    }

    /// <summary>A reader's client: no key, as a public frontend or app.</summary>
    private HeadlessBlogClient CreateReaderClient() => new(factory.CreateClient());

    [Fact]
    public async Task GeneratedClient_CreatesPublishesLinksAndReadsAnArticle()
    {
        var editor = CreateEditorClient();
        var reader = CreateReaderClient();

        var tag = (await editor.CreateTagAsync(new TagRequest { Name = "Client Generation", Description = "Clients made from the document." }, Ct)).Result;
        Assert.Equal("client-generation", tag.Slug);

        var other = (await editor.CreateArticleAsync(
            new ArticleRequest { Title = "Another article", Body = "Linked from the generated client.", Status = "published" }, Ct)).Result;

        var words = string.Join(' ', Enumerable.Repeat("word", 600));
        var request = new ArticleRequest
        {
            Title = "Written through a generated client",
            Summary = "Proof for frontend and mobile teams.",
            Body = $"# Hello, clients\n\nWritten **through** the generated client.\n\n{words}\n",
            Tags = ["Client Generation", "Mobile Apps"],
        };
        var created = await editor.CreateArticleAsync(request, Ct);
        var draft = created.Result;
        Assert.Equal(201, created.StatusCode);
        Assert.Equal("draft", draft.Status);
        Assert.Null(draft.PublishedAt);
        // Wrapped responses expose the headers: the ETag of a write response is the article's version.
        Assert.Equal($"\"{draft.Version}\"", Assert.Single(created.Headers["ETag"]));

        // A draft is invisible to readers.
        var hidden = await Assert.ThrowsAnyAsync<ApiException>(() => reader.GetArticleBySlugAsync(draft.Slug, null, null, Ct));
        Assert.Equal(404, hidden.StatusCode);

        // Publish: PUT replaces the article, with If-Match of the create response's ETag.
        request.Status = "published";
        var update = await editor.UpdateArticleAsync(draft.Id, Assert.Single(created.Headers["ETag"]), request, Ct);
        var published = update.Result;
        Assert.Equal("published", published.Status);
        Assert.NotNull(published.PublishedAt);
        Assert.NotEqual(draft.Version, published.Version);

        // Link it to the other article (and back), with If-Match of the PUT response's ETag.
        var related = (await editor.AddRelatedAsync(
            draft.Id, Assert.Single(update.Headers["ETag"]), new AddRelatedRequest { ArticleId = other.Id, Reciprocal = true }, Ct)).Result;
        Assert.Equal(other.Id, Assert.Single(related).Id);

        var read = await reader.GetArticleBySlugAsync(draft.Slug, null, null, Ct);
        var article = read.Result;
        Assert.Equal(200, read.StatusCode);
        Assert.Equal(draft.Id, article.Id);
        Assert.Equal("Written through a generated client", article.Title);
        Assert.Equal("written-through-a-generated-client", article.Slug);
        Assert.Equal("published", article.Status);
        Assert.Equal(published.PublishedAt, article.PublishedAt);
        Assert.Equal(["Client Generation", "Mobile Apps"], article.Tags.Select(t => t.Name));
        Assert.Equal(tag.Id, article.Tags.First().Id);
        Assert.Equal("mobile-apps", article.Tags.Last().Slug);
        var link = Assert.Single(article.Related);
        Assert.Equal(other.Id, link.Id);
        Assert.Equal("Another article", link.Title);
        Assert.Equal(2, article.ReadingTimeMinutes);
        Assert.True(article.WordCount >= 600, $"wordCount is {article.WordCount}.");
        Assert.Equal("Proof for frontend and mobile teams.", article.Excerpt);
        Assert.NotNull(article.BodyHtml);
        Assert.Contains("<h1 id=\"hello-clients\">Hello, clients</h1>", article.BodyHtml, StringComparison.Ordinal);
        Assert.Contains("<strong>through</strong>", article.BodyHtml, StringComparison.Ordinal);

        // The link back was made too.
        var back = (await reader.ListRelatedAsync(other.Id, Ct)).Result;
        Assert.Equal(draft.Id, Assert.Single(back).Id);
    }

    [Fact]
    public async Task GeneratedClient_WithAStaleIfMatch_Gets412AndTheCurrentVersion()
    {
        var editor = CreateEditorClient();
        var created = await editor.CreateArticleAsync(new ArticleRequest { Title = "Edited twice", Body = "Body." }, Ct);
        var etag = Assert.Single(created.Headers["ETag"]);
        var first = await editor.UpdateArticleAsync(created.Result.Id, etag, new ArticleRequest { Title = "First edit", Body = "Body." }, Ct);

        var rejected = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(
            () => editor.UpdateArticleAsync(created.Result.Id, etag, new ArticleRequest { Title = "Second edit", Body = "Body." }, Ct));
        Assert.Equal(412, rejected.StatusCode);
        Assert.Equal(412, rejected.Result.Status);
        Assert.Equal(first.Result.Version, rejected.Result.AdditionalProperties["currentVersion"].ToString());
    }
}
