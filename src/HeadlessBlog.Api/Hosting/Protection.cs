using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using HeadlessBlog.Api.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace HeadlessBlog.Api.Hosting;

/// <summary>Abuse limits (section <c>Limits</c>).</summary>
public sealed class LimitsOptions
{
    /// <summary>Requests per window for one anonymous client IP.</summary>
    public int AnonymousRequestsPerWindow { get; set; } = 600;

    /// <summary>Requests per window for one API key.</summary>
    public int KeyRequestsPerWindow { get; set; } = 1_200;

    public int WindowSeconds { get; set; } = 60;

    /// <summary>Largest request body in bytes (1 MiB).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Longest query string in characters.</summary>
    public int MaxQueryStringLength { get; set; } = 2_048;
}

/// <summary>A larger body limit for POSTs to one path (e.g. file uploads); every other request keeps <see cref="LimitsOptions.MaxRequestBodyBytes"/>.</summary>
/// <param name="Path">The path, e.g. <c>/api/imports</c>.</param>
/// <param name="MaxBytes">Its largest body in bytes.</param>
public sealed record RequestBodyLimit(PathString Path, long MaxBytes);

/// <summary>Network settings (section <c>Network</c>).</summary>
public sealed class NetworkOptions
{
    /// <summary>Proxies whose X-Forwarded-For is honoured (IP addresses).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Origins allowed to send writes from a browser (GETs are allowed from any origin).</summary>
    public string[] CorsWriteOrigins { get; set; } = [];

    /// <summary>HSTS and redirection to HTTPS in Production; turn off when TLS ends at a proxy that does both.</summary>
    public bool UseHttps { get; set; } = true;
}

public static class Protection
{
    public const string RateLimitPolicy = "per-client";
    public const string ReadCors = "read";
    public const string WriteCors = "write";

    public static IServiceCollection AddProtection(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LimitsOptions>(configuration.GetSection("Limits"));
        services.Configure<NetworkOptions>(configuration.GetSection("Network"));
        var limits = configuration.GetSection("Limits").Get<LimitsOptions>() ?? new LimitsOptions();
        var network = configuration.GetSection("Network").Get<NetworkOptions>() ?? new NetworkOptions();

        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            foreach (var proxy in network.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(RateLimitPolicy, http =>
            {
                var window = TimeSpan.FromSeconds(limits.WindowSeconds);
                // Per key for authenticated requests, per client IP otherwise.
                var key = http.User.FindFirst("key_prefix")?.Value;
                return key is not null
                    ? RateLimitPartition.GetFixedWindowLimiter("key:" + key, _ => Window(limits.KeyRequestsPerWindow, window))
                    : RateLimitPartition.GetFixedWindowLimiter(
                        "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                        _ => Window(limits.AnonymousRequestsPerWindow, window));
            });
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? (int)Math.Ceiling(wait.TotalSeconds)
                    : limits.WindowSeconds;
                var http = context.HttpContext;
                http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too Many Requests",
                        Detail = $"Too many requests from this client. Retry after {retryAfter} seconds.",
                    },
                });
            };
        });

        services.AddCors(options =>
        {
            // Reads from any origin (the default); writes only from configured origins (RequireCors on each write).
            static void Reads(Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder p) =>
                p.AllowAnyOrigin().WithMethods("GET", "HEAD")
                    .WithHeaders("If-None-Match", "Accept", "Accept-Encoding", ApiKeys.HeaderName)
                    .WithExposedHeaders("ETag", "Location", "Retry-After");
            options.AddDefaultPolicy(Reads);
            options.AddPolicy(ReadCors, Reads);
            options.AddPolicy(WriteCors, p => p.WithOrigins(network.CorsWriteOrigins)
                .WithMethods("GET", "POST", "PUT", "DELETE")
                .WithHeaders("Content-Type", "If-Match", "If-None-Match", ApiKeys.HeaderName)
                .WithExposedHeaders("ETag", "Location", "Retry-After"));
        });

        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        return services;
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>Security headers on every response; a restrictive Content-Security-Policy on everything but Swagger UI.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                if (!http.Request.Path.StartsWithSegments("/swagger"))
                {
                    headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
                    headers.XFrameOptions = "DENY";
                }

                return Task.CompletedTask;
            });
            await next(http);
        });

    /// <summary>
    /// 413 for a body over the limit, 414 for an overlong query string, before anything reads them. The body limit is
    /// <see cref="LimitsOptions.MaxRequestBodyBytes"/>, or a <see cref="RequestBodyLimit"/>'s for a POST to its path.
    /// </summary>
    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app)
    {
        var bodyLimits = app.ApplicationServices.GetServices<RequestBodyLimit>().ToArray();
        return app.Use(async (http, next) =>
        {
            var limits = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<LimitsOptions>>().Value;
            var maxBodyBytes = BodyLimitOf(http.Request, bodyLimits) ?? limits.MaxRequestBodyBytes;
            if (http.Request.QueryString.Value?.Length > limits.MaxQueryStringLength)
            {
                await WriteProblemAsync(http, StatusCodes.Status414UriTooLong, "URI Too Long",
                    $"The query string is longer than {limits.MaxQueryStringLength} characters.");
                return;
            }

            if (http.Request.ContentLength > maxBodyBytes)
            {
                await WriteProblemAsync(http, StatusCodes.Status413PayloadTooLarge, "Content Too Large",
                    $"The request body is larger than {maxBodyBytes} bytes.");
                return;
            }

            // Bodies without a length (chunked) are cut off by the server at the same limit.
            if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = maxBodyBytes;
            }

            await next(http);
        });
    }

    private static long? BodyLimitOf(HttpRequest request, RequestBodyLimit[] bodyLimits)
    {
        foreach (var limit in bodyLimits)
        {
            if (HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments(limit.Path, out var rest) && rest.Value is null or "" or "/")
            {
                return limit.MaxBytes;
            }
        }

        return null;
    }

    private static Task WriteProblemAsync(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }

    /// <summary>A key that is presented but not valid (or revoked) is refused on every API call, not silently ignored.</summary>
    public static IApplicationBuilder UseRejectInvalidKeys(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/api")
                && http.Request.Headers.ContainsKey(ApiKeys.HeaderName)
                && http.User.Identity?.IsAuthenticated != true)
            {
                await http.ChallengeAsync(ApiKeyAuthenticationHandler.SchemeName);
                return;
            }

            await next(http);
        });
}
