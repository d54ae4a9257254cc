using System.Text.Json.Nodes;
using Strata.Core.Records;

namespace Strata.Core.Realtime;

/// <summary>One message on the backplane.</summary>
/// <param name="Type">See <see cref="RealtimeMessageTypes"/>.</param>
/// <param name="Data">The JSON payload.</param>
public sealed record RealtimeMessage(string Type, JsonObject Data)
{
    /// <summary>The id of the node that published it.</summary>
    public string Node { get; init; } = "";

    /// <summary>The record of a record event when it did not leave the process (saves a JSON round trip); else null.</summary>
    public Record? LocalRecord { get; init; }

    /// <summary>The record before an update, when the message did not leave the process; else null.</summary>
    public Record? LocalPrevious { get; init; }

    /// <summary>The wire form: <c>{"t":type,"n":node,"d":data}</c>.</summary>
    public string ToJson() => new JsonObject { ["t"] = Type, ["n"] = Node, ["d"] = Data.DeepClone() }.ToJsonString();

    /// <summary>Reads the wire form; null when it is not a message.</summary>
    /// <param name="json">The text.</param>
    public static RealtimeMessage? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json) is JsonObject { } o && o["t"]?.GetValue<string>() is { } type && o["d"] is JsonObject data
                ? new RealtimeMessage(type, (JsonObject)data.DeepClone()) { Node = o["n"]?.GetValue<string>() ?? "" }
                : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
