using System.Text.Json;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Telemetry;
using HeadlessBlog.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Http;

/// <summary>
/// Turns every exception that reaches the pipeline into RFC 9457 problem details:
/// unreadable requests into 4xx, races with another request (version, unique key, foreign key) into 409, an unavailable
/// database into 503 with Retry-After, anything else into a 500 without internals.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problemDetails, BlogMetrics metrics, ILogger<ApiExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException bad => FromBadRequest(bad, httpContext),
            DbUpdateConcurrencyException =>
                Conflict("The resource was changed by another request at the same time. Read it again and retry."),
            // From SaveChanges (inside a DbUpdateException) or bare from ExecuteUpdate/ExecuteDelete.
            _ when DbErrors.IsUniqueViolation(exception) =>
                Conflict("Another resource with the same unique value (slug or name) was saved at the same time."),
            _ when DbErrors.IsForeignKeyViolation(exception) =>
                Conflict("A related resource was changed or deleted by another request at the same time. Read it again and retry."),
            _ when CommitOutcome.IsUnknown(exception) && DbErrors.IsUnavailable(exception) =>
                Unavailable("The database did not confirm the change, which may have been saved. Read the resource before retrying."),
            _ when DbErrors.IsUnavailable(exception) =>
                Unavailable("The database is unavailable or too slow right now. Retry shortly."),
            _ => null,
        };

        if (problem?.Status == StatusCodes.Status503ServiceUnavailable)
        {
            LogUnavailable(logger, exception);
            BlogMetrics.Count(metrics.Unavailable, "cause", CommitOutcome.IsUnknown(exception) ? "commit_unconfirmed" : "database");
            ErrorResponseLogging.MarkLogged(httpContext);
            httpContext.Response.Headers.RetryAfter = "5";
        }

        if (problem is null)
        {
            LogUnhandled(logger, exception);
            ErrorResponseLogging.MarkLogged(httpContext);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Internal Server Error",
                Detail = "An unexpected error occurred. The trace id identifies it in the server logs.",
            };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails Conflict(string detail) =>
        new() { Status = StatusCodes.Status409Conflict, Title = "Conflict", Detail = detail };

    private static ProblemDetails Unavailable(string detail) =>
        new() { Status = StatusCodes.Status503ServiceUnavailable, Title = "Service Unavailable", Detail = detail };

    private static ProblemDetails FromBadRequest(BadHttpRequestException exception, HttpContext httpContext)
    {
        // A whole-number query parameter that could not be bound: the same 400 as for one out of range.
        if (httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<System.Reflection.MethodInfo>() is { } handler
            && WholeNumbers.Check(httpContext.Request, WholeNumbers.Of(handler)) is { Count: > 0 } errors)
        {
            return Invalid(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), "One or more fields are invalid.");
        }

        if (exception.InnerException is JsonException json && JsonPathToField(json.Path) is { Length: > 0 } field)
        {
            return Invalid(
                new Dictionary<string, string[]> { [field] = ["The value has the wrong JSON type or format."] },
                "The request body could not be read as JSON of the expected shape.");
        }

        if (exception.InnerException is JsonException)
        {
            return new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Bad Request",
                Detail = "The request body is not valid JSON.",
            };
        }

        return new ProblemDetails
        {
            Status = exception.StatusCode,
            Detail = exception.StatusCode switch
            {
                StatusCodes.Status400BadRequest when exception.Message.Contains("no body was provided", StringComparison.Ordinal) =>
                    "A JSON request body is required.",
                StatusCodes.Status400BadRequest => "The request could not be read.",
                _ => null,
            },
        };
    }

    /// <summary>A 400 naming the invalid fields, like the validation filter's.</summary>
    private static HttpValidationProblemDetails Invalid(Dictionary<string, string[]> errors, string detail) => new(errors)
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "Validation failed",
        Detail = detail,
    };

    /// <summary>"$.tags[1]" → "tags[1]"; "$" or null → "" (the body itself).</summary>
    private static string JsonPathToField(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "";
        }

        var trimmed = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return ValidationFilter.ToCamelCasePath(trimmed);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Database unavailable")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);
}
