using System.Diagnostics.CodeAnalysis;
using HeadlessBlog.Api.Hosting;
using Microsoft.Extensions.Options;

[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "namespace",
    Target = "~N:HeadlessBlog.Api.Imports", Justification = "Named like its feature folder; the app is C# only and no library.")]

namespace HeadlessBlog.Api.Imports;

public static class ImportSetup
{
    /// <summary>
    /// Imports: their options (<c>Imports:*</c>), the larger body limit of <c>POST /api/imports</c>, the runner and,
    /// unless the app does not prepare its database, the worker that runs queued jobs.
    /// </summary>
    public static IServiceCollection AddImports(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ImportOptions>(configuration.GetSection("Imports"));
        services.AddSingleton(sp => new RequestBodyLimit(ImportEndpoints.Path, sp.GetRequiredService<IOptions<ImportOptions>>().Value.MaxBytes));
        services.AddSingleton<ImportWrites>();
        services.AddSingleton<ImportRunner>();
        services.AddSingleton<ImportWorker>();
        if (configuration.GetValue("Database:PrepareOnStartup", true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<ImportWorker>());
        }

        return services;
    }
}
