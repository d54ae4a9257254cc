using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Strata.Api.Http;
using Strata.Core;
using Strata.Core.Auth;
using Strata.Core.Errors;
using Strata.Core.Records;

namespace Strata.Api.Apis;

public static partial class RecordAuthApi
{
    private const double MaxImpersonationSeconds = 10L * 365 * 24 * 3600;

    private static async Task<JsonResponse> RequestOtp(HttpContext context, StrataEngine engine, AuthFlows flows, string collection)
    {
        var c = AuthCollection(engine, collection);
        var body = (await RequestBody.ReadAsync(context)).Data;
        var otpId = await flows.RequestOtpAsync(c, Text(body, "email"), context.RequestAborted);
        return JsonResponse.Of(new JsonObject { ["otpId"] = otpId });
    }

    private static async Task<JsonResponse> OtpLogin(HttpContext context, StrataEngine engine, AuthService auth, AuthFlows flows, string collection)
    {
        var c = AuthCollection(engine, collection);
        var body = (await RequestBody.ReadAsync(context)).Data;
        var record = await flows.OtpLoginAsync(c, Text(body, "otpId"), Text(body, "password"), context.RequestAborted);
        return await CompleteAsync(context, engine, auth, flows, record, "otp", MfaId(context, body));
    }

    private static async Task<JsonResponse> Impersonate(HttpContext context, StrataEngine engine, AuthService auth, string collection, string id)
    {
        context.Strata().RequireSuperuser();
        var c = AuthCollection(engine, collection);
        var body = (await RequestBody.ReadAsync(context)).Data;
        var duration = 0L;
        if (body["duration"] is { } d && !TryWholeSeconds(d, out duration))
        {
            var errors = new ValidationErrors();
            errors.Add("duration", new FieldError("validation_min_greater_equal_than_required", "Must be a whole number of seconds, no less than 0.", new JsonObject { ["min"] = 0 }));
            errors.ThrowIfAny("An error occurred while validating the submitted data.");
        }

        var record = await engine.Records.FindAsync(c, id, context.RequestAborted) ?? throw StrataException.NotFound();
        return await RespondAsync(context, engine, auth, record, "impersonate", refreshable: false, duration, meta: null);
    }

    private static bool TryWholeSeconds(JsonNode node, out long seconds)
    {
        seconds = 0;
        var text = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0 || n != Math.Floor(n) || n > MaxImpersonationSeconds)
        {
            return false;
        }

        seconds = (long)n;
        return true;
    }
}
