using System.Text.Json.Nodes;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Tags;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HeadlessBlog.Api.Infrastructure;

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
            options.OperationFilter<TextQueryParametersFilter>();
            options.AddSecurityDefinition(ApiKeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeys.HeaderName,
                Description = "An API key (create one with `keys create`). content:write for changes, content:read for drafts.",
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

    /// <summary>Example request bodies for "Try it out".</summary>
    private sealed class RequestExamplesFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var bodyType = context.ApiDescription.ParameterDescriptions
                .FirstOrDefault(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body)?.Type;
            if (bodyType is null || operation.RequestBody?.Content is not { } content
                || !content.TryGetValue("application/json", out var mediaType) || mediaType is not OpenApiMediaType concrete)
            {
                return;
            }

            concrete.Example = ExampleOf(bodyType);
        }

        private static JsonObject? ExampleOf(Type type) => type switch
        {
            _ when type == typeof(TagRequest) => new JsonObject
            {
                ["name"] = "Machine Learning",
                ["description"] = "Models that learn from data.",
            },
            _ when type == typeof(ArticleRequest) => new JsonObject
            {
                ["title"] = "Hello, HeadlessBlog",
                ["summary"] = "A first article written through the API.",
                ["body"] = "# Hello\n\nThis article was written in **Markdown**.",
                ["status"] = "published",
                ["tags"] = new JsonArray("Machine Learning", "Open Source"),
                ["relatedArticleIds"] = new JsonArray(),
            },
            _ when type == typeof(RelatedListRequest) => new JsonObject
            {
                ["articleIds"] = new JsonArray(2, 3),
            },
            _ when type == typeof(AddRelatedRequest) => new JsonObject
            {
                ["articleId"] = 2,
                ["reciprocal"] = true,
            },
            _ => null,
        };
    }

    /// <summary>
    /// Paging values are bound as text so that bad input is reported as a validation error;
    /// the document still describes them as the integers they are.
    /// </summary>
    private sealed class TextQueryParametersFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            {
                parameter.Schema = parameter.Name switch
                {
                    "page" => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Default = 1 },
                    "pageSize" => new OpenApiSchema
                    {
                        Type = JsonSchemaType.Integer,
                        Format = "int32",
                        Minimum = "1",
                        Maximum = Paging.MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Default = Paging.DefaultPageSize,
                    },
                    "status" => new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Default = ArticleStatuses.Published,
                        Enum = [ArticleStatuses.Published, ArticleStatuses.Scheduled, ArticleStatuses.Draft, ArticleStatuses.All],
                    },
                    "limit" => new OpenApiSchema
                    {
                        Type = JsonSchemaType.Integer,
                        Format = "int32",
                        Minimum = "1",
                        Maximum = SuggestionsQueryValidator.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Default = SuggestionsQueryValidator.DefaultLimit,
                    },
                    "sort" when context.ApiDescription.RelativePath?.StartsWith("api/articles", StringComparison.Ordinal) == true => new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Default = "-publishedAt",
                        Enum = [.. ArticleSorts.All.Select(v => (JsonNode)v)],
                    },
                    "sort" => new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Default = TagSorts.Name,
                        Enum = [.. TagSorts.All.Select(v => (JsonNode)v)],
                    },
                    "publishedFrom" or "publishedTo" => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" },
                    _ => parameter.Schema,
                };
            }
        }
    }
}
