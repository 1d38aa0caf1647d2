using System.Text;
using FluentValidation;

namespace HeadlessBlog.Api.Http;

/// <summary>
/// Validates the arguments of every endpoint: the FluentValidation validator of each argument type that has one, and
/// the whole-number query parameters (<see cref="WholeNumbers"/>), answering 400 with every invalid field at once
/// (camelCase names, as in the JSON). Which arguments to validate is decided once per endpoint, when it is built.
/// </summary>
public static class ValidationFilter
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var services = context.ApplicationServices;
        var validators = context.MethodInfo.GetParameters()
            .Select(p => (p.Position, Validator: services.GetService(typeof(IValidator<>).MakeGenericType(p.ParameterType)) as IValidator))
            .Where(v => v.Validator is not null)
            .Select(v => (v.Position, Validator: v.Validator!))
            .ToArray();
        var wholeNumbers = WholeNumbers.Of(context.MethodInfo);
        if (validators.Length == 0 && wholeNumbers.Count == 0)
        {
            return next;
        }

        return async invocation =>
        {
            var errors = WholeNumbers.Check(invocation.HttpContext.Request, wholeNumbers);
            foreach (var (position, validator) in validators)
            {
                if (invocation.Arguments[position] is not { } argument)
                {
                    continue;
                }

                var result = await validator.ValidateAsync(new ValidationContext<object>(argument), invocation.HttpContext.RequestAborted);
                foreach (var failure in result.Errors)
                {
                    var field = ToCamelCasePath(failure.PropertyName);
                    if (!errors.TryGetValue(field, out var messages))
                    {
                        errors[field] = messages = [];
                    }

                    messages.Add(failure.ErrorMessage);
                }
            }

            return errors.Count > 0 ? Invalid(errors) : await next(invocation);
        };
    }

    /// <summary>The 400 naming every invalid field.</summary>
    public static IResult Invalid(Dictionary<string, List<string>> errors) =>
        TypedResults.ValidationProblem(
            errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
            detail: "One or more fields are invalid.",
            title: "Validation failed");

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
