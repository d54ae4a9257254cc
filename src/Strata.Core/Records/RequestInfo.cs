using System.Text.Json.Nodes;

namespace Strata.Core.Records;

/// <summary>
/// What rules can see of the current request as <c>@request.*</c>: the authenticated record, method, headers,
/// query, body and context.
/// </summary>
public sealed class RequestInfo
{
    /// <summary>The superusers collection name.</summary>
    public const string SuperusersCollection = "_superusers";

    /// <summary>The authenticated record, or null for a guest.</summary>
    public Record? Auth { get; init; }

    /// <summary>The role of the API key the request was made with (<c>@request.auth.apiKeyRole</c>), or null without a key.</summary>
    public string? ApiKeyRole { get; init; }

    /// <summary>The HTTP method, upper-case.</summary>
    public string Method { get; init; } = "GET";

    /// <summary>
    /// <c>default</c>, <c>expand</c>, <c>realtime</c>, <c>protectedFile</c>, <c>batch</c>, <c>oauth2</c>, <c>otp</c> or <c>password</c>.
    /// </summary>
    public string Context { get; init; } = "default";

    /// <summary>Request headers by lower snake_case name (first value).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Query parameters (first value).</summary>
    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    /// <summary>The submitted body after modifier resolution, or null.</summary>
    public JsonObject? Body { get; init; }

    /// <summary>True when the requester is a superuser.</summary>
    public bool IsSuperuser => Auth is not null && Auth.Collection.Name == SuperusersCollection;

    /// <summary>A guest request with default values.</summary>
    public static RequestInfo Guest { get; } = new();

    /// <summary>
    /// Server code (jobs, hooks, routes) acting with superuser rights: collection rules are bypassed explicitly, while
    /// validation and record hooks still run. <c>@request.auth.id</c> is empty.
    /// </summary>
    public static RequestInfo Server { get; } = new() { Auth = new Record(Schema.CollectionDefaults.Superusers()) };

    /// <summary>A copy with another context.</summary>
    /// <param name="context">The new context.</param>
    public RequestInfo WithContext(string context) => new()
    {
        Auth = Auth, ApiKeyRole = ApiKeyRole, Method = Method, Context = context, Headers = Headers, Query = Query, Body = Body,
    };

    /// <summary>A copy with another body.</summary>
    /// <param name="body">The new body.</param>
    public RequestInfo WithBody(JsonObject? body) => new()
    {
        Auth = Auth, ApiKeyRole = ApiKeyRole, Method = Method, Context = Context, Headers = Headers, Query = Query, Body = body,
    };

    /// <summary>Normalises a header name the way rules see it: <c>X-Token</c> becomes <c>x_token</c>.</summary>
    /// <param name="name">The header name.</param>
    public static string NormalizeHeaderName(string name) =>
        (name ?? "").ToLowerInvariant().Replace('-', '_');
}
