using System.IO.Compression;
using System.Text.Json;
using FluentValidation;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Infrastructure;
using HeadlessBlog.Api.Tags;
using Mapster;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.ResponseCompression;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddBlogDatabase();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(Mapping.CreateConfig());
builder.Services.AddValidatorsFromAssemblyContaining<Program>(includeInternalTypes: false);
ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
    member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);

builder.Services.Configure<JsonOptions>(options => options.SerializerOptions.MaxDepth = 32);
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDefaults.Apply);
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
builder.Services.AddBlogOpenApi();
builder.Services.Configure<CachingOptions>(builder.Configuration.GetSection("Caching"));
builder.Services.AddSingleton<PublicationSchedule>();
builder.Services.AddSingleton<ContentCache>();
builder.Services.AddOutputCache(options => options.AddPolicy(ContentCache.PolicyName, new ContentCachePolicy()));
builder.Services.AddResponseCompression(options =>
{
    options.EnableForHttps = true;
    options.Providers.Add<BrotliCompressionProvider>();
    options.Providers.Add<GzipCompressionProvider>();
    options.MimeTypes = ["application/json", "application/problem+json"];
});
builder.Services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
builder.Services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseResponseCompression();
app.UseBlogOpenApi();
app.UseOutputCache();

var api = app.MapGroup("").AddEndpointFilter<ValidationFilter>().ProducesValidationProblem();
api.MapTagEndpoints();
api.MapArticleEndpoints();
api.MapRelatedEndpoints();

await app.PrepareDatabaseAsync();

if (app.Environment.IsDevelopment())
{
    app.Lifetime.ApplicationStarted.Register(() =>
    {
        foreach (var url in app.Urls)
        {
            Console.WriteLine($"HeadlessBlog API: Swagger UI at {url.TrimEnd('/')}/swagger");
        }
    });
}

await app.RunAsync();
