using Microsoft.AspNetCore.Http.HttpResults;

namespace HeadlessBlog.Api.Http;

/// <summary>RFC 9457 problem responses used by the endpoints.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not Found");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [message] },
            detail: "One or more fields are invalid.",
            title: "Validation failed");
}

/// <summary>Fills in a human-readable <c>detail</c> for problems raised by the framework itself (unknown route, wrong method, …).</summary>
public static class ProblemDefaults
{
    public static void Apply(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        // The framework knows no type link for these two (RFC 6585).
        problem.Type ??= problem.Status switch
        {
            StatusCodes.Status428PreconditionRequired => "https://www.rfc-editor.org/rfc/rfc6585#section-3",
            StatusCodes.Status429TooManyRequests => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
            _ => null,
        };
        problem.Detail ??= problem.Status switch
        {
            StatusCodes.Status404NotFound => "Nothing exists at this URL.",
            StatusCodes.Status405MethodNotAllowed => "This URL does not accept the HTTP method " + context.HttpContext.Request.Method + ".",
            StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
            StatusCodes.Status415UnsupportedMediaType => "Send the request body as JSON with 'Content-Type: application/json'.",
            _ => problem.Title,
        };
    }
}
