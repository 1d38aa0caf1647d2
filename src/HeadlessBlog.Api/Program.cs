using System.IO.Compression;
using System.Text.Json;
using FluentValidation;
using HeadlessBlog.Api;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Audit;
using HeadlessBlog.Api.Changes;
using HeadlessBlog.Api.Delivery;
using HeadlessBlog.Api.Exports;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Imports;
using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Api.Related;
using HeadlessBlog.Api.Revisions;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Seeding;
using HeadlessBlog.Api.Site;
using HeadlessBlog.Api.Sync;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Telemetry;
using HeadlessBlog.Api.Trash;
using HeadlessBlog.Api.Webhooks;
using HeadlessBlog.Data;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.EntityFrameworkCore.Diagnostics;

var builder = WebApplication.CreateBuilder(args);

builder.Logging.Configure(options => options.ActivityTrackingOptions =
    ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
if (builder.Environment.IsProduction())
{
    // Structured logs: every line carries the trace id that error responses show.
    builder.Logging.ClearProviders().AddJsonConsole(options => options.IncludeScopes = true);
}

builder.Services.AddBlogDatabase();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(Mapping.CreateConfig());
// Validators are stateless and build their rules in the constructor: one of each for the app, not per request.
builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: false);
ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
    member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);

builder.Services.Configure<JsonOptions>(options => options.SerializerOptions.MaxDepth = 32);
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDefaults.Apply);
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
builder.Services.AddBlogOpenApi();
builder.Services.AddApiKeyAuthentication();
builder.Services.AddProtection(builder.Configuration);
builder.Services.AddBlogHealthChecks(builder.Configuration);
// Traces, metrics and logs over OpenTelemetry when an exporter is configured (OTLP, Prometheus); otherwise none.
builder.Services.AddBlogTelemetry(builder.Configuration);
// On SIGTERM: stop accepting, close keep-alive connections only after a response that says so, then Kestrel's own stop.
builder.Services.AddConnectionDrain();
builder.Services.Configure<CachingOptions>(builder.Configuration.GetSection("Caching"));
builder.Services.Configure<ChangeOptions>(builder.Configuration.GetSection("Changes"));
builder.Services.Configure<HeadlessBlog.Api.Publishing.SiteOptions>(builder.Configuration.GetSection("Site"));
builder.Services.Configure<FeedOptions>(builder.Configuration.GetSection("Feed"));
builder.Services.Configure<PreviewOptions>(builder.Configuration.GetSection("Preview"));
builder.Services.Configure<RevisionOptions>(builder.Configuration.GetSection("Revisions"));
builder.Services.Configure<TrashOptions>(builder.Configuration.GetSection("Trash"));
builder.Services.Configure<AuditOptions>(builder.Configuration.GetSection("Audit"));
builder.Services.AddSingleton<PublicationSchedule>();
builder.Services.AddSingleton<DerivedResults>();
builder.Services.AddScoped<ResponseContent>();
// Every save of content evicts what it changed: the one place where writes reach the caches.
builder.Services.AddSingleton<ContentEviction>();
builder.Services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<ContentEviction>());
// Every save of content appends its events to the change log, in the same transaction.
builder.Services.AddHttpContextAccessor();
builder.Services.AddSingleton<ChangeSignal>();
builder.Services.AddSingleton<IInterceptor, ChangeLog>();
builder.Services.AddSingleton<ChangeWorker>();
if (builder.Configuration.GetValue("Database:PrepareOnStartup", true) && builder.Configuration.GetValue("Changes:RunWorker", true))
{
    builder.Services.AddHostedService(sp => sp.GetRequiredService<ChangeWorker>());
}
// Imports of Ghost, WordPress and HeadlessBlog exports, run as background jobs.
builder.Services.AddImports(builder.Configuration);
// Webhooks: deliveries created from the change log, attempted durably with retries.
builder.Services.AddWebhooks(builder.Configuration, builder.Environment);
// The content policy; entries in this instance's memory, or in Redis shared by all instances (Caching:Redis).
builder.Services.AddBlogOutputCache(builder.Configuration);
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

if (ImportCommand.IsImportCommand(args))
{
    // `import FILE [...]`: the file imported in this process, then exit without serving.
    await app.PrepareDatabaseAsync(seed: false);
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => (e.Cancel, _) = (true, cancel.CancelAsync());
    return await ImportCommand.RunAsync(
        args, app.Services, Console.IsOutputRedirected ? null : Spectre.Console.AnsiConsole.Console, Console.Out, Console.Error, cancel.Token);
}

if (KeyCommands.IsKeyCommand(args))
{
    // `keys create|list|revoke`: manage API keys, then exit without serving.
    await app.PrepareDatabaseAsync(seed: false);
    await using var scope = app.Services.CreateAsyncScope();
    return await KeyCommands.RunAsync(
        args, scope.ServiceProvider.GetRequiredService<BlogDbContext>(), TimeProvider.System, Console.Out, Console.Error);
}

if (ExportCommand.IsExportCommand(args))
{
    // `export FILE`: the whole content to a file, then exit without serving.
    await app.PrepareDatabaseAsync(seed: false);
    await using var scope = app.Services.CreateAsyncScope();
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        // Ctrl+C stops the export and removes its partial file, instead of killing the process mid-write.
        e.Cancel = true;
        cancel.Cancel();
    };
    return await ExportCommand.RunAsync(
        args, scope.ServiceProvider.GetRequiredService<BlogDbContext>(), TimeProvider.System,
        Console.IsOutputRedirected ? null : Spectre.Console.AnsiConsole.Console, Console.Out, Console.Error, cancel.Token);
}

app.UseConnectionDrain();
app.UseForwardedHeaders();
// Outside the exception handler: sees the final status of every response, whoever wrote it.
app.UseMiddleware<ErrorResponseLogging>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSecurityHeaders();
if (app.Environment.IsProduction() && app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<NetworkOptions>>().Value.UseHttps)
{
    app.UseHsts();
    app.UseHttpsRedirection();
}

app.UseRequestLimits();
app.UseResponseCompression();
app.UseBlogOpenApi();
app.UseRouting();
app.UseCors();
app.UseAuthentication();
// Limits come before any refusal: guessing keys or spamming writes without one counts against the client too.
app.UseRateLimiter();
app.UseRejectInvalidKeys();
app.UseAuthorization();
app.UseOutputCache();

app.MapBlogHealthChecks();
app.MapBlogMetrics();
var api = app.MapGroup("")
    .AddEndpointFilterFactory(ValidationFilter.Create)
    .ProducesValidationProblem()
    .ProducesProblem(StatusCodes.Status429TooManyRequests)
    .RequireRateLimiting(Protection.RateLimitPolicy)
    .RequireCors(Protection.ReadCors);
api.MapImportEndpoints();
api.MapTagEndpoints();
api.MapArticleEndpoints();
api.MapRelatedEndpoints();
api.MapRevisionEndpoints();
api.MapTrashEndpoints();
api.MapChangeEndpoints();
api.MapAuditEndpoints();
api.MapSyncEndpoints();
api.MapWebhookEndpoints();
api.MapSiteEndpoints();
api.MapPreviewEndpoints();
api.MapExportEndpoints();

// Database:PrepareOnStartup=false starts the app without touching the database: no migrations, no demo content, not even
// the SQLite file or its folder. For a process that only reads the app's endpoints, such as the build-time OpenAPI
// generation of tests/HeadlessBlog.Api.ClientTests, which sets it (see README, Configuration).
if (app.Configuration.GetValue("Database:PrepareOnStartup", true))
{
    await app.PrepareDatabaseAsync(seed: true);
    await app.SeedDemoContentAsync();
}

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
return 0;
