using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using HeadlessBlog.Api.Security;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HeadlessBlog.Api.Http;

public static class OpenApi
{
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>
    /// The key exactly where it matters: required on changes; optional (<c>{}</c> or the key) on the reads where a key
    /// with content:read also shows drafts and scheduled articles, so that Swagger UI sends it there once authorized;
    /// none on every other read.
    /// </summary>
    private sealed class ApiKeyRequirementFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            var key = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] };
            if (metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any())
            {
                operation.Security = [key];
            }
            else if (metadata.OfType<ReadKeyMetadata>().Any())
            {
                operation.Security = [new OpenApiSecurityRequirement(), key];
            }
            else
            {
                // Explicitly none ("security": []), as OpenAPI spells a public operation.
                operation.Security = [];
            }
        }
    }

    /// <summary>
    /// Changes protected against lost updates (those answering 428 without If-Match) take If-Match as a documented,
    /// required header parameter, so that clients generated from the document can send it.
    /// </summary>
    private sealed class IfMatchHeaderFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (operation.Responses?.ContainsKey("428") != true)
            {
                return;
            }

            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Required = true,
                Description = "The current ETag of the resource (of the article for related links): from its GET, or from the "
                    + "response to its last change. Without it: 428; when someone changed the resource since: 412.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
    }

    public static IServiceCollection AddBlogOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "HeadlessBlog API",
                Version = "v1",
                Description = "Headless CMS for blog content: articles, tags and related-article links, served as JSON.",
            });
            options.SupportNonNullableReferenceTypes();
            options.NonNullableReferenceTypesAsRequired();
            options.IncludeXmlComments(Path.Combine(AppContext.BaseDirectory, "HeadlessBlog.Api.xml"), includeControllerXmlComments: false);
            options.OperationFilter<RequestExamplesFilter>();
            options.ParameterFilter<AllowedValuesFilter>();
            options.AddSecurityDefinition(ApiKeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeys.HeaderName,
                Description = "An API key (create one with `keys create`). content:write for changes, content:read for drafts, webhooks:manage for webhooks, audit:read for the audit log.",
            });
            options.OperationFilter<ApiKeyRequirementFilter>();
            options.OperationFilter<IfMatchHeaderFilter>();
            options.CustomSchemaIds(t => t.IsGenericType
                ? t.Name[..t.Name.IndexOf('`', StringComparison.Ordinal)] + "Of" + string.Join("And", t.GetGenericArguments().Select(a => a.Name))
                : t.Name);
        });
        return services;
    }

    public static void UseBlogOpenApi(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "HeadlessBlog API v1");
            options.DocumentTitle = "HeadlessBlog API";
            options.DisplayRequestDuration();
            options.EnablePersistAuthorization();
        });
        app.MapGet("/", () => TypedResults.Redirect("/swagger")).ExcludeFromDescription();
    }

    /// <summary>Example request bodies for "Try it out", from the endpoints' <see cref="RequestExample"/> metadata.</summary>
    private sealed class RequestExamplesFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<RequestExample>().FirstOrDefault() is { } example
                && operation.RequestBody?.Content is { } content
                && content.TryGetValue("application/json", out var mediaType) && mediaType is OpenApiMediaType concrete)
            {
                concrete.Example = example.Create();
            }
        }
    }

    /// <summary>A query parameter with <see cref="AllowedValuesAttribute"/> is documented as an enumeration of those values.</summary>
    private sealed class AllowedValuesFilter : IParameterFilter
    {
        public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
        {
            var allowed = context.PropertyInfo?.GetCustomAttribute<AllowedValuesAttribute>()
                ?? context.ParameterInfo?.GetCustomAttribute<AllowedValuesAttribute>();
            if (allowed is not null && parameter.Schema is OpenApiSchema schema)
            {
                schema.Enum = [.. allowed.Values.Select(v => (JsonNode)JsonValue.Create((string)v!))];
            }
        }
    }
}

/// <summary>The example request body of an endpoint, shown by Swagger UI.</summary>
public sealed class RequestExample(Func<JsonObject> create)
{
    public JsonObject Create() => create();
}

public static class RequestExampleExtensions
{
    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder builder, Func<JsonObject> create) =>
        builder.WithMetadata(new RequestExample(create));
}
