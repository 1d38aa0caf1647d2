using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

public sealed class HttpCachingCompressionOnSqlite(SqliteApiFactory factory) : HttpCachingCompressionTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class HttpCachingCompressionOnSqlServer(SqlServerApiFactory factory) : HttpCachingCompressionTests<SqlServerApiFactory>(factory);

/// <summary>Response compression: Brotli or gzip when accepted (decompressing to the plain body), plain JSON otherwise.</summary>
public abstract class HttpCachingCompressionTests<TFactory>(TFactory factory) : HttpCachingTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Theory]
    [MemberData(nameof(HttpCachingTestData.Encodings), MemberType = typeof(HttpCachingTestData))]
    public async Task Compression_WhenAccepted_EncodesTheJsonWhichDecompressesToTheUncompressedBody(string encoding)
    {
        var scenario = await CreateScenarioAsync();
        foreach (var endpoint in HttpCachingTestData.EndpointNames)
        {
            var url = scenario.Url(endpoint);
            var plain = await Client.GetAsync(url, Ct);
            Assert.Empty(plain.Content.Headers.ContentEncoding);
            var expected = await plain.Content.ReadAsStringAsync(Ct);

            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            var response = await Client.SendAsync(request, Ct);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
            Assert.Contains("Accept-Encoding", response.Headers.Vary, StringComparer.OrdinalIgnoreCase);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(expected, await DecompressAsync(response, encoding));
        }
    }

    [Fact]
    public async Task Compression_WhenNotAccepted_SendsPlainJson()
    {
        var scenario = await CreateScenarioAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, scenario.Url("article"));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));

        var response = await Client.SendAsync(request, Ct);

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(scenario.Article.Id, (await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!.Id);
    }

    private static async Task<string> DecompressAsync(HttpResponseMessage response, string encoding)
    {
        await using var compressed = await response.Content.ReadAsStreamAsync(Ct);
        await using Stream decoder = encoding == "br"
            ? new BrotliStream(compressed, CompressionMode.Decompress)
            : new GZipStream(compressed, CompressionMode.Decompress);
        using var reader = new StreamReader(decoder);
        return await reader.ReadToEndAsync(Ct);
    }
}
