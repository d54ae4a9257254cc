using System.Text.Json.Nodes;

namespace Strata.Core.Webhooks;

/// <summary>A subscription: record events of one collection (or <c>*</c>) posted to a URL, signed with a secret.</summary>
public sealed record Webhook
{
    /// <summary>The id.</summary>
    public required string Id { get; init; }

    /// <summary>A collection name or id, or <c>*</c> for all.</summary>
    public required string Collection { get; init; }

    /// <summary>The actions delivered: <c>create</c>, <c>update</c>, <c>delete</c>.</summary>
    public required IReadOnlyList<string> Actions { get; init; }

    /// <summary>Where events are POSTed.</summary>
    public required string Url { get; init; }

    /// <summary>The HMAC-SHA256 signing secret.</summary>
    public required string Secret { get; init; }

    /// <summary>Whether events are delivered.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>When it was created.</summary>
    public string Created { get; init; } = "";

    /// <summary>When it last changed.</summary>
    public string Updated { get; init; } = "";

    /// <summary>The subscription as JSON (the secret only when asked for: it is shown when created).</summary>
    /// <param name="withSecret">Include the secret.</param>
    public JsonObject ToJson(bool withSecret = false)
    {
        var o = new JsonObject
        {
            ["id"] = Id, ["collection"] = Collection, ["actions"] = new JsonArray([.. Actions.Select(a => (JsonNode)a)]),
            ["url"] = Url, ["enabled"] = Enabled, ["created"] = Created, ["updated"] = Updated,
        };
        if (withSecret)
        {
            o["secret"] = Secret;
        }

        return o;
    }
}
