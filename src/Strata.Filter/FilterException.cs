namespace Strata.Filter;

/// <summary>
/// A filter, rule or sort expression that cannot be parsed, resolved or compiled.
/// The message is safe to show to the API client.
/// </summary>
public sealed class FilterException : Exception
{
    /// <summary>Creates an exception with a client-safe message.</summary>
    public FilterException(string message) : base(message) { }

    /// <summary>Creates an exception with a client-safe message and the underlying cause.</summary>
    public FilterException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates an exception with the default message.</summary>
    public FilterException() : base("Invalid filter expression.") { }
}
