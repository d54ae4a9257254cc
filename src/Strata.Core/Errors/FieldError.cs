using System.Text.Json.Nodes;

namespace Strata.Core.Errors;

/// <summary>One validation failure of contract §0.4: <c>{code, message[, params]}</c>.</summary>
/// <param name="Code">The machine code, e.g. <c>validation_required</c>.</param>
/// <param name="Message">The human message, e.g. "Cannot be blank.".</param>
/// <param name="Params">Optional parameters such as <c>{"max": 5000}</c>.</param>
public sealed record FieldError(string Code, string Message, JsonObject? Params = null)
{
    /// <summary>The error as the JSON leaf the contract expects.</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject { ["code"] = Code, ["message"] = Message };
        if (Params is not null)
        {
            o["params"] = Params.DeepClone();
        }

        return o;
    }

    /// <summary><c>validation_required</c>, "Cannot be blank.".</summary>
    public static FieldError Required() => new("validation_required", "Cannot be blank.");
}
