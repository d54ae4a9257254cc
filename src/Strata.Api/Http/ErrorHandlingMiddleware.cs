using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Strata.Core.Errors;
using Strata.Core.RateLimits;
using Strata.Filter;

namespace Strata.Api.Http;

/// <summary>
/// Turns every failure into the contract's error body: <see cref="StrataException"/> as given, malformed input as 400,
/// a client that went away as nothing at all, and anything unexpected as a logged 500.
/// </summary>
public sealed partial class ErrorHandlingMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ILogger<ErrorHandlingMiddleware> _logger;

    /// <summary>Creates the middleware.</summary>
    /// <param name="next">The next delegate.</param>
    /// <param name="logger">The logger.</param>
    public ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
    {
        _next = next;
        _logger = logger;
    }

    /// <summary>Runs the pipeline.</summary>
    /// <param name="context">The context.</param>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await _next(context);
            if (context.Response is { StatusCode: 404, HasStarted: false } && context.GetEndpoint() is null)
            {
                await ApiErrors.WriteAsync(context, 404, null, null);
            }
            else if (context.Response is { StatusCode: 405, HasStarted: false })
            {
                await ApiErrors.WriteAsync(context, 404, null, null);
            }
        }
        catch (StrataException e)
        {
            if (e is RateLimitedException limited)
            {
                // Added when the response starts: writing the error clears the headers set before.
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.RetryAfter = limited.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return Task.CompletedTask;
                });
            }

            await ApiErrors.WriteAsync(context, e.Status, e.Message, e.ErrorData);
        }
        catch (Exception e) when (e is FilterException)
        {
            await ApiErrors.WriteAsync(context, 400, null, null);
        }
        catch (Exception e) when (e is JsonException or BadHttpRequestException or InvalidDataException or FormatException)
        {
            var status = e is BadHttpRequestException { StatusCode: 413 } ? 413 : 400;
            await ApiErrors.WriteAsync(context, status, null, null);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (the SDK cancels superseded requests); nothing to answer.
        }
        catch (Exception e)
        {
            LogUnhandled(_logger, e, context.Request.Method, context.Request.Path);
            await ApiErrors.WriteAsync(context, 500, null, null);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception e, string method, PathString path);
}
