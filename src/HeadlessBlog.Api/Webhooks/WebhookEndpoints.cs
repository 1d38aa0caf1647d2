using System.Text.Json.Nodes;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessBlog.Api.Webhooks;

/// <summary>
/// Webhook management: endpoints that receive the change log's events, their secrets and their delivery logs. Every
/// operation needs a key with webhooks:manage; nothing here is output-cached (answers carry secrets and delivery logs).
/// </summary>
public static partial class WebhookEndpoints
{
    public static RouteGroupBuilder MapWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/webhooks").WithTags("Webhooks").AddEndpointFilter(NoStore);

        group.MapGet("/", ListWebhooks).WithName(nameof(ListWebhooks))
            .WithSummary("List every webhook, by id (not paged: a blog has few)")
            .RequiresWebhookManagement();
        group.MapGet("/{id:int}", GetWebhook).WithName(nameof(GetWebhook))
            .WithSummary("Get a webhook by id (never its secret)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequiresWebhookManagement();
        group.MapPost("/", CreateWebhook).WithName(nameof(CreateWebhook))
            .WithSummary("Register a webhook: it receives the events after its creation; the answer shows its secret once")
            .WithRequestExample(Example)
            .RequiresWebhookManagement();
        group.MapPut("/{id:int}", UpdateWebhook).WithName(nameof(UpdateWebhook))
            .WithSummary("Replace a webhook's settings (If-Match: its current ETag); enabling it clears its disabled reason")
            .WithRequestExample(Example)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithPreconditions()
            .RequiresWebhookManagement();
        group.MapDelete("/{id:int}", DeleteWebhook).WithName(nameof(DeleteWebhook))
            .WithSummary("Delete a webhook and its delivery log (If-Match: its current ETag)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithPreconditions()
            .RequiresWebhookManagement();
        group.MapPost("/{id:int}/rotate-secret", RotateWebhookSecret).WithName(nameof(RotateWebhookSecret))
            .WithSummary("Give a webhook a new secret; deliveries are signed with the previous one too for 24 hours")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequiresWebhookManagement();
        MapDeliveryEndpoints(group);

        return group;
    }

    /// <summary>The request body Swagger UI offers.</summary>
    private static JsonObject Example() => new()
    {
        ["url"] = "https://example.com/hooks/blog",
        ["events"] = new JsonArray("article.published", "article.unpublished", "article.deleted"),
        ["description"] = "Rebuild the static site.",
        ["enabled"] = true,
        ["format"] = WebhookFormats.Standard,
        ["publicOnly"] = true,
    };

    public static async Task<Ok<IReadOnlyList<WebhookResponse>>> ListWebhooks([AsParameters] ContentRequest request)
    {
        var webhooks = await request.Db.Webhooks.AsNoTracking().OrderBy(w => w.Id).ToListAsync(request.Aborted);
        return TypedResults.Ok<IReadOnlyList<WebhookResponse>>([.. webhooks.Select(WebhookResponse.From)]);
    }

    public static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> GetWebhook(int id, [AsParameters] ContentRequest request)
    {
        var webhook = await request.Db.Webhooks.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, request.Aborted);
        return webhook is null ? NotFound(id) : TypedResults.Ok(Respond(webhook, request));
    }

    public static async Task<Results<Created<WebhookCreated>, ValidationProblem>> CreateWebhook(
        WebhookRequest body, [AsParameters] ContentRequest request)
    {
        if (await RefusedUrlAsync(body, request) is { } refused)
        {
            return refused;
        }

        var now = request.UtcNow();
        var webhook = new Webhook
        {
            Url = "",
            Events = "",
            Format = "",
            Secret = WebhookSecrets.NewSecret(),
            Enabled = true,
            // Only the events after its creation: the log's head now.
            Cursor = new WebhookCursor { Position = await request.Db.ContentChanges.MaxAsync(c => (long?)c.Id, request.Aborted) ?? 0 },
            CreatedAt = now,
            UpdatedAt = now,
        };
        Apply(webhook, body);
        request.Db.Webhooks.Add(webhook);
        await request.Db.SaveChangesAsync(request.Aborted);
        return TypedResults.Created($"/api/webhooks/{webhook.Id}", new WebhookCreated(Respond(webhook, request), webhook.Secret));
    }

    public static async Task<Results<Ok<WebhookResponse>, ValidationProblem, ProblemHttpResult>> UpdateWebhook(
        int id, WebhookRequest body, [AsParameters] ContentRequest request)
    {
        var webhook = await request.Db.Webhooks.Include(w => w.Cursor).FirstOrDefaultAsync(w => w.Id == id, request.Aborted);
        if (webhook is null)
        {
            return NotFound(id);
        }

        if (Preconditions.Check(request.Http, webhook.Version) is { } failed)
        {
            return failed;
        }

        if (await RefusedUrlAsync(body, request) is { } refused)
        {
            return refused;
        }

        Apply(webhook, body);
        Preconditions.Touch(request.Db, webhook, request.UtcNow());
        if (await Preconditions.SaveAsync(request.Db, webhook, id, request.Http, NotFoundDetail(id), request.Aborted) is { } lostRace)
        {
            return lostRace;
        }

        return TypedResults.Ok(Respond(webhook, request));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteWebhook(int id, [AsParameters] ContentRequest request)
    {
        var webhook = await request.Db.Webhooks.FirstOrDefaultAsync(w => w.Id == id, request.Aborted);
        if (webhook is null)
        {
            return NotFound(id);
        }

        if (Preconditions.Check(request.Http, webhook.Version) is { } failed)
        {
            return failed;
        }

        // Deleted with the version it was read with; its deliveries and their attempts cascade in the database.
        request.Db.Webhooks.Remove(webhook);
        return await Preconditions.SaveAsync(request.Db, webhook, id, request.Http, NotFoundDetail(id), request.Aborted) is { } lostRace
            ? lostRace
            : TypedResults.NoContent();
    }

    public static async Task<Results<Ok<WebhookSecretRotated>, ProblemHttpResult>> RotateWebhookSecret(
        int id, [AsParameters] ContentRequest request)
    {
        // No If-Match: a rotation replaces the secret whatever else changed. A save racing another one is retried on
        // the row as it is then, so that the previous secret kept is always the one receivers had.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var webhook = await request.Db.Webhooks.FirstOrDefaultAsync(w => w.Id == id, request.Aborted);
            if (webhook is null)
            {
                return NotFound(id);
            }

            var now = request.UtcNow();
            var rotated = new WebhookSecretRotated(WebhookSecrets.NewSecret(), now + WebhookSecrets.PreviousSecretLifetime);
            webhook.PreviousSecret = webhook.Secret;
            webhook.PreviousSecretUntil = rotated.PreviousSecretExpiresAt;
            webhook.Secret = rotated.Secret;
            Preconditions.Touch(request.Db, webhook, now);
            try
            {
                await request.Db.SaveChangesAsync(request.Aborted);
                return TypedResults.Ok(rotated);
            }
            catch (DbUpdateConcurrencyException)
            {
                request.Db.ChangeTracker.Clear();
            }
        }

        return Problems.Conflict($"Webhook {id} kept changing while its secret was rotated: retry.");
    }

    /// <summary>Writes the request into the webhook, with the defaults for what it omits.</summary>
    private static void Apply(Webhook webhook, WebhookRequest body)
    {
        webhook.Url = body.Url.Trim();
        webhook.Events = WebhookEvents.Join(body.Events ?? [WebhookEvents.Everything]);
        webhook.Description = ValidationRules.Clean(body.Description);
        webhook.Format = body.Format ?? WebhookFormats.Standard;
        webhook.PublicOnly = body.PublicOnly ?? true;
        webhook.Enabled = body.Enabled ?? true;
        if (webhook.Enabled)
        {
            webhook.DisabledReason = null;
            webhook.Cursor?.FailingSince = null;
        }
    }

    /// <summary>The 400 naming <c>url</c> when the URL is well-formed but may not be called; null when it may.</summary>
    private static async Task<ValidationProblem?> RefusedUrlAsync(WebhookRequest body, ContentRequest request) =>
        WebhookRequestValidator.ParseUrl(body.Url) is { } url && await UrlRefusalAsync(url, request) is { } refusal
            ? Problems.Invalid("url", refusal)
            : null;

    /// <summary>
    /// Why deliveries may not go to <paramref name="url"/>: unless private networks are allowed (Development), a host
    /// that is or resolves to a loopback, private, link-local or multicast address (checked again at each connection).
    /// </summary>
    private static async Task<string?> UrlRefusalAsync(Uri url, ContentRequest request)
    {
        var services = request.Http.RequestServices;
        return services.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateNetworks == true
            ? null
            : await WebhookAddresses.RefusalAsync(url, services.GetRequiredService<WebhookAddresses.Resolver>(), request.Aborted);
    }

    /// <summary>The webhook as answered, with its ETag.</summary>
    private static WebhookResponse Respond(Webhook webhook, ContentRequest request)
    {
        request.Http.Response.Headers.ETag = Preconditions.ETagOf(webhook.Version);
        return WebhookResponse.From(webhook);
    }

    private static string NotFoundDetail(int id) => $"Webhook {id} does not exist.";

    private static ProblemHttpResult NotFound(int id) => Problems.NotFound(NotFoundDetail(id));

    /// <summary>Answers show secrets and delivery logs: no cache may keep them.</summary>
    private static async ValueTask<object?> NoStore(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        context.HttpContext.Response.Headers.CacheControl = "no-store";
        return await next(context);
    }
}
