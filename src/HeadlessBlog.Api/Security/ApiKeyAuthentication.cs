using System.Security.Claims;
using System.Text.Encodings.Web;
using HeadlessBlog.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace HeadlessBlog.Api.Security;

/// <summary>Authenticates requests carrying an <c>X-Api-Key</c> header; answers 401/403 with problem details.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    BlogDbContext db,
    TimeProvider clock,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>How often <c>lastUsedAt</c> is written for a key in use (not on every request).</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeys.HeaderName, out var values))
        {
            return AuthenticateResult.NoResult();
        }

        var key = await ApiKeys.FindAsync(db, values.ToString(), Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("The API key is not valid or has been revoked.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt is null || now - key.LastUsedAt >= LastUsedResolution)
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(Context.RequestAborted);
        }

        db.ChangeTracker.Clear();
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, key.Name),
            new("key_prefix", key.Prefix),
        };
        claims.AddRange(ApiKeys.ScopesOf(key).Select(s => new Claim(Scopes.ClaimType, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{ApiKeys.HeaderName}\"";
        var presented = Request.Headers.ContainsKey(ApiKeys.HeaderName);
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = presented
                    ? "The API key is not valid or has been revoked."
                    : $"This operation needs an API key in the {ApiKeys.HeaderName} header.",
            },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden",
                Detail = Needs(Authorization.WebhookPolicy)
                    ? $"The API key lacks the scope this operation needs: {Scopes.ManageWebhooks} (managing webhooks; {Scopes.Write} does not include it)."
                    : Needs(Authorization.AuditPolicy)
                        ? $"The API key lacks the scope this operation needs: {Scopes.ReadAudit} (the audit log; no other scope includes it)."
                        : $"The API key lacks the scope this operation needs ({Scopes.Write} for changes, {Scopes.Read} for drafts).",
            },
        });
    }

    private bool Needs(string policy) =>
        Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == policy) == true;
}

public static class Authorization
{
    public const string WritePolicy = Scopes.Write;
    public const string ReadPolicy = Scopes.Read;
    public const string WebhookPolicy = Scopes.ManageWebhooks;
    public const string AuditPolicy = Scopes.ReadAudit;

    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(WritePolicy, p => p.RequireClaim(Scopes.ClaimType, Scopes.Write))
            .AddPolicy(ReadPolicy, p => p.RequireClaim(Scopes.ClaimType, Scopes.Read, Scopes.Write))
            .AddPolicy(WebhookPolicy, p => p.RequireClaim(Scopes.ClaimType, Scopes.ManageWebhooks))
            .AddPolicy(AuditPolicy, p => p.RequireClaim(Scopes.ClaimType, Scopes.ReadAudit));
        return services;
    }

    /// <summary>
    /// Marks a read whose answer depends on the key: with <see cref="Scopes.Read"/> it also shows drafts and scheduled
    /// articles. Documented with an optional key; reads without this mark never need one.
    /// </summary>
    public static TBuilder AcceptsReadKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ReadKeyMetadata.Instance);

    /// <summary>Marks a read for editors and tools only: it needs a key with <see cref="Scopes.Read"/> (or write).</summary>
    public static RouteHandlerBuilder RequiresRead(this RouteHandlerBuilder builder) =>
        builder.RequireAuthorization(ReadPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>Marks an endpoint as a change of content: it needs a key with <see cref="Scopes.Write"/>.</summary>
    public static RouteHandlerBuilder RequiresWrite(this RouteHandlerBuilder builder) =>
        builder.RequireAuthorization(WritePolicy)
            .RequireCors(HeadlessBlog.Api.Hosting.Protection.WriteCors)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>
    /// Marks an endpoint of webhook management, reads included: it needs a key with <see cref="Scopes.ManageWebhooks"/>
    /// (<see cref="Scopes.Write"/> does not imply it), and browsers may call it only from the write origins.
    /// </summary>
    public static RouteHandlerBuilder RequiresWebhookManagement(this RouteHandlerBuilder builder) =>
        builder.RequireAuthorization(WebhookPolicy)
            .RequireCors(HeadlessBlog.Api.Hosting.Protection.WriteCors)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>Marks a read of the audit log: it needs a key with <see cref="Scopes.ReadAudit"/>, which no other scope implies.</summary>
    public static RouteHandlerBuilder RequiresAuditRead(this RouteHandlerBuilder builder) =>
        builder.RequireAuthorization(AuditPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
}

/// <summary>Endpoint metadata of <see cref="Authorization.AcceptsReadKey{TBuilder}"/>.</summary>
public sealed class ReadKeyMetadata
{
    public static readonly ReadKeyMetadata Instance = new();

    private ReadKeyMetadata()
    {
    }
}
