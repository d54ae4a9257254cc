using System.Text.Json.Nodes;

namespace Strata.Testing;

/// <summary>A non-2xx answer to a <see cref="StrataClient"/> request, like the SDK's <c>ClientResponseError</c>.</summary>
public sealed class StrataClientException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="response">The error body (<c>{status, message, data}</c>), or null.</param>
    /// <param name="message">A readable summary.</param>
    public StrataClientException(int status, JsonObject? response, string message)
        : base(message)
    {
        Status = status;
        Response = response;
    }

    /// <summary>Creates an exception without details.</summary>
    public StrataClientException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public StrataClientException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public StrataClientException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status.</summary>
    public int Status { get; }

    /// <summary>The error body, or null.</summary>
    public JsonObject? Response { get; }

    /// <summary>The field errors of a 400 (<c>data</c>), or an empty object.</summary>
    public JsonObject FieldErrors => Response?["data"] as JsonObject ?? [];
}
