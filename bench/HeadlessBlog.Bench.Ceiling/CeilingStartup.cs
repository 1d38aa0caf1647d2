using HeadlessBlog.Bench.Ceiling;

[assembly: HostingStartup(typeof(CeilingStartup))]

namespace HeadlessBlog.Bench.Ceiling;

/// <summary>
/// The benchmark's ceiling: <c>GET /bench/ceiling</c> answers with the bytes and headers that
/// <c>GET /api/articles/slug/{Benchmark:CeilingSlug}</c> gave, fetched once and then written from memory. It measures
/// what the server and the app's middleware cost with no endpoint work, in the same process as the real endpoints.
/// </summary>
/// <remarks>
/// bench/run.sh loads it into the published API as a hosting startup assembly
/// (<c>ASPNETCORE_HOSTINGSTARTUPASSEMBLIES</c>; this assembly is copied beside the API and its deps file passed to
/// <c>dotnet exec --additional-deps</c>); a normal start of the API never sees it.
/// </remarks>
public sealed class CeilingStartup : IHostingStartup
{
    public const string Path = "/bench/ceiling";

    public void Configure(IWebHostBuilder builder) =>
        builder.ConfigureServices((context, services) =>
        {
            var slug = context.Configuration["Benchmark:CeilingSlug"];
            if (string.IsNullOrWhiteSpace(slug))
            {
                throw new InvalidOperationException("The ceiling is loaded but Benchmark:CeilingSlug is not set.");
            }

            services.AddSingleton<IStartupFilter>(provider => new CeilingFilter(new CeilingSource(provider, slug)));
        });

    /// <summary>
    /// Answers the ceiling's path at the end of the app's pipeline: after every middleware of the app has run and
    /// routing has found no endpoint for it, where an endpoint would have run.
    /// </summary>
    private sealed class CeilingFilter(CeilingSource source) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Run(context => context.Request.Path == Path
                ? source.WriteAsync(context)
                : WriteNotFound(context));
        };

        private static Task WriteNotFound(HttpContext context)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
    }
}
