using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Strata.Api.Http;
using Strata.Core;
using Strata.Core.Auth;
using Strata.Core.Auth.OAuth2;
using Strata.Core.Errors;

namespace Strata.Api.Apis;

public static partial class RecordAuthApi
{
    private static async Task<JsonResponse> Methods(HttpContext context, StrataEngine engine, string collection)
    {
        var auth = AuthCollection(engine, collection).Auth!;
        var providers = new JsonArray();
        if (auth.OAuth2Enabled)
        {
            foreach (var config in auth.OAuth2Providers)
            {
                if (OAuth2Provider.From(config) is not { } p)
                {
                    continue;
                }

                try
                {
                    await OAuth2Client.ResolveAsync(p, context.RequestAborted);
                }
                catch (StrataException)
                {
                    continue;
                }

                var attempt = OAuth2Client.NewAttempt(p.Pkce);
                providers.Add(new JsonObject
                {
                    ["name"] = p.Name,
                    ["displayName"] = p.DisplayName,
                    ["state"] = attempt.State,
                    ["authURL"] = OAuth2Client.AuthUrl(p, attempt),
                    ["codeVerifier"] = attempt.CodeVerifier,
                    ["codeChallenge"] = attempt.CodeChallenge,
                    ["codeChallengeMethod"] = p.Pkce ? "S256" : "",
                });
            }
        }

        return JsonResponse.Of(new JsonObject
        {
            ["password"] = new JsonObject
            {
                ["enabled"] = auth.PasswordAuthEnabled,
                ["identityFields"] = new JsonArray([.. (auth.PasswordAuthEnabled ? auth.IdentityFields : []).Select(f => (JsonNode)f)]),
            },
            ["oauth2"] = new JsonObject { ["enabled"] = auth.OAuth2Enabled, ["providers"] = providers },
            ["mfa"] = new JsonObject { ["enabled"] = auth.MfaEnabled, ["duration"] = auth.MfaEnabled ? auth.MfaDuration : 0 },
            ["otp"] = new JsonObject { ["enabled"] = auth.OtpEnabled, ["duration"] = auth.OtpEnabled ? auth.OtpDuration : 0 },
        });
    }

    private static async Task<JsonResponse> OAuth2Login(HttpContext context, StrataEngine engine, AuthService auth, AuthFlows flows, string collection)
    {
        var c = AuthCollection(engine, collection);
        if (!c.Auth!.OAuth2Enabled)
        {
            throw StrataException.Forbidden("The collection is not configured to allow OAuth2 authentication.");
        }

        var body = (await RequestBody.ReadAsync(context)).Data;
        var name = Text(body, "provider");
        var code = Text(body, "code");
        var errors = new ValidationErrors();
        if (name.Length == 0)
        {
            errors.Add("provider", FieldError.Required());
        }

        if (code.Length == 0)
        {
            errors.Add("code", FieldError.Required());
        }

        if (body["createData"] is { } cd && cd is not JsonObject)
        {
            errors.Add("createData", new FieldError("validation_invalid_value", "Must be an object."));
        }

        var provider = name.Length > 0 ? AuthFlows.Provider(c, name) : null;
        if (name.Length > 0 && provider is null)
        {
            errors.Add("provider", new FieldError("validation_invalid_provider", $"Provider with name {name} is missing or is not enabled."));
        }

        errors.ThrowIfAny("An error occurred while validating the submitted data.");
        var user = await OAuth2Client.FetchUserAsync(provider!, code, Text(body, "codeVerifier"), Text(body, "redirectURL"), engine.Clock.GetUtcNow(), context.RequestAborted);
        var (record, isNew) = await flows.OAuth2LoginAsync(c, provider!.Name, user, body["createData"] as JsonObject, context.RequestInfo(), context.RequestAborted);
        return await CompleteAsync(context, engine, auth, flows, record, "oauth2", MfaId(context, body), user.Meta(isNew));
    }
}
