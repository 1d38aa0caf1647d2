using System.Text;
using FluentValidation;

namespace HeadlessBlog.Api.Infrastructure;

/// <summary>
/// Runs the FluentValidation validator of every endpoint argument that has one and answers 400
/// with every invalid field at once (camelCase names, as in the JSON).
/// </summary>
public sealed class ValidationFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        Dictionary<string, List<string>>? errors = null;
        foreach (var argument in context.Arguments)
        {
            if (argument is null)
            {
                continue;
            }

            var validatorType = typeof(IValidator<>).MakeGenericType(argument.GetType());
            if (context.HttpContext.RequestServices.GetService(validatorType) is not IValidator validator)
            {
                continue;
            }

            var result = await validator.ValidateAsync(
                new ValidationContext<object>(argument), context.HttpContext.RequestAborted);
            foreach (var failure in result.Errors)
            {
                errors ??= [];
                var field = ToCamelCasePath(failure.PropertyName);
                if (!errors.TryGetValue(field, out var messages))
                {
                    errors[field] = messages = [];
                }

                messages.Add(failure.ErrorMessage);
            }
        }

        if (errors is not null)
        {
            return TypedResults.ValidationProblem(
                errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
                detail: "One or more fields are invalid.",
                title: "Validation failed");
        }

        return await next(context);
    }

    /// <summary>"RelatedArticleIds[2]" → "relatedArticleIds[2]", "Author.Name" → "author.name".</summary>
    public static string ToCamelCasePath(string path)
    {
        var builder = new StringBuilder(path.Length);
        var startOfSegment = true;
        foreach (var c in path)
        {
            builder.Append(startOfSegment ? char.ToLowerInvariant(c) : c);
            startOfSegment = c is '.';
        }

        return builder.ToString();
    }
}
