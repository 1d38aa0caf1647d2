using System.Diagnostics;

namespace HeadlessBlog.Api.Http;

/// <summary>
/// Logs every error response once, with the trace id its problem shows, so that support can find any reported error:
/// 4xx at Information, 5xx at Error. Exceptions the exception handler logged itself (with their stack trace) are not
/// logged again.
/// </summary>
public sealed partial class ErrorResponseLogging(RequestDelegate next, ILogger<ErrorResponseLogging> logger)
{
    private static readonly object LoggedKey = new();

    /// <summary>Marks the response as logged already (by the exception handler, with the exception).</summary>
    public static void MarkLogged(HttpContext context) => context.Items[LoggedKey] = true;

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var status = context.Response.StatusCode;
        if (status < StatusCodes.Status400BadRequest || context.Items.ContainsKey(LoggedKey))
        {
            return;
        }

        // The same value as the problem's traceId (and the TraceId of the log scope), for plain-text logs without scopes.
        var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
        if (status >= StatusCodes.Status500InternalServerError)
        {
            LogServerError(logger, context.Request.Method, context.Request.Path, status, traceId);
        }
        else
        {
            LogClientError(logger, context.Request.Method, context.Request.Path, status, traceId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} answered {StatusCode} (traceId {ProblemTraceId})")]
    private static partial void LogClientError(ILogger logger, string method, PathString path, int statusCode, string problemTraceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} answered {StatusCode} (traceId {ProblemTraceId})")]
    private static partial void LogServerError(ILogger logger, string method, PathString path, int statusCode, string problemTraceId);
}
