using System.Text.Json.Nodes;

namespace Strata.Core.Errors;

/// <summary>
/// An error that reaches the client as the contract's error body <c>{status, message, data}</c>.
/// Throw it anywhere below the API; the API layer turns it into the response.
/// </summary>
public class StrataException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="status">The HTTP status (4xx).</param>
    /// <param name="message">A sentence for the client; capitalised and ending with a period.</param>
    /// <param name="data">Field errors keyed by field name, or null for <c>{}</c>.</param>
    public StrataException(int status, string message, JsonObject? data = null) : base(message)
    {
        Status = status;
        ErrorData = data ?? [];
    }

    /// <summary>Creates a 400 error with the default message.</summary>
    public StrataException() : this(400, "Something went wrong while processing your request.") { }

    /// <summary>Creates a 400 error.</summary>
    /// <param name="message">The message.</param>
    public StrataException(string message) : this(400, message) { }

    /// <summary>Creates a 400 error with an inner cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="inner">The cause.</param>
    public StrataException(string message, Exception inner) : base(message, inner)
    {
        Status = 400;
        ErrorData = [];
    }

    /// <summary>The HTTP status.</summary>
    public int Status { get; }

    /// <summary>The <c>data</c> object of the error body.</summary>
    public JsonObject ErrorData { get; }

    /// <summary>400 with the given message and field errors.</summary>
    public static StrataException BadRequest(string message, JsonObject? data = null) => new(400, message, data);

    /// <summary>404 with the default message or the given one.</summary>
    public static StrataException NotFound(string message = "The requested resource wasn't found.") => new(404, message);

    /// <summary>403 with the default message or the given one.</summary>
    public static StrataException Forbidden(string message = "You are not allowed to perform this request.") => new(403, message);

    /// <summary>401 with the default message or the given one.</summary>
    public static StrataException Unauthorized(string message = "The request requires valid record authorization token.") => new(401, message);
}
