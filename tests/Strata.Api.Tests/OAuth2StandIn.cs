using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Strata.Api.Tests;

/// <summary>
/// A test-only OAuth2 / OpenID Connect provider on loopback that speaks the real protocol: an authorization endpoint
/// that redirects back with a code (RFC 6749 §4.1), a token endpoint that checks client credentials, redirect URI and
/// PKCE S256 (RFC 7636), a user-info endpoint behind the bearer token, and an OpenID discovery document.
/// </summary>
public sealed class OAuth2StandIn : IAsyncDisposable
{
    public const string ClientId = "strata-client";
    public const string ClientSecret = "strata-client-secret-0123456789";
    private readonly WebApplication _web;
    private readonly ConcurrentDictionary<string, (string Redirect, string Challenge, JsonObject User)> _codes = new();
    private readonly ConcurrentDictionary<string, JsonObject> _tokens = new();

    private OAuth2StandIn(WebApplication web) => _web = web;

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; private set; } = "";

    /// <summary>The user the next authorization signs in as (OIDC standard claims).</summary>
    public JsonObject User { get; set; } = new()
    {
        ["sub"] = "standin-user-1",
        ["name"] = "Olive Auth",
        ["preferred_username"] = "olive",
        ["email"] = "olive@oauth.test",
        ["email_verified"] = true,
        ["picture"] = "https://oauth.test/olive.png",
    };

    public static async Task<OAuth2StandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var web = builder.Build();
        var standIn = new OAuth2StandIn(web);
        web.MapGet("/authorize", standIn.Authorize);
        web.MapPost("/token", standIn.Token);
        web.MapGet("/userinfo", standIn.UserInfo);
        web.MapGet("/.well-known/openid-configuration", () => Results.Json(new
        {
            issuer = standIn.Url,
            authorization_endpoint = standIn.Url + "/authorize",
            token_endpoint = standIn.Url + "/token",
            userinfo_endpoint = standIn.Url + "/userinfo",
        }));
        await web.StartAsync();
        standIn.Url = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return standIn;
    }

    /// <summary>The provider config for an auth collection's <c>oauth2.providers</c>.</summary>
    public object ProviderConfig(string name = "oidc", bool discovery = false) => discovery
        ? new { name, clientId = ClientId, clientSecret = ClientSecret, extra = new { issuer = Url } }
        : new { name, clientId = ClientId, clientSecret = ClientSecret, authURL = Url + "/authorize", tokenURL = Url + "/token", userInfoURL = Url + "/userinfo" };

    private IResult Authorize(HttpRequest request)
    {
        var q = request.Query;
        if (q["client_id"] != ClientId || q["response_type"] != "code" || string.IsNullOrEmpty(q["redirect_uri"]))
        {
            return Results.BadRequest("invalid_request");
        }

        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var challenge = q["code_challenge_method"] == "S256" ? q["code_challenge"].ToString() : "";
        _codes[code] = (q["redirect_uri"]!, challenge, (JsonObject)User.DeepClone());
        var redirect = q["redirect_uri"] + (q["redirect_uri"].ToString().Contains('?', StringComparison.Ordinal) ? "&" : "?") +
            "code=" + Uri.EscapeDataString(code) + "&state=" + Uri.EscapeDataString(q["state"].ToString());
        return Results.Redirect(redirect);
    }

    private async Task<IResult> Token(HttpRequest request)
    {
        var f = await request.ReadFormAsync();
        if (f["grant_type"] != "authorization_code" || f["client_id"] != ClientId || f["client_secret"] != ClientSecret)
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        }

        if (!_codes.TryRemove(f["code"].ToString(), out var grant) || grant.Redirect != f["redirect_uri"])
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        }

        var verifier = f["code_verifier"].ToString();
        var expected = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        if (grant.Challenge.Length > 0 && expected != grant.Challenge)
        {
            return Results.Json(new { error = "invalid_grant", error_description = "PKCE verification failed" }, statusCode: 400);
        }

        var access = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _tokens[access] = grant.User;
        return Results.Json(new { access_token = access, token_type = "Bearer", expires_in = 3600, refresh_token = "refresh-" + access });
    }

    private IResult UserInfo(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) && _tokens.TryGetValue(header[7..], out var user)
            ? Results.Json(user)
            : Results.Json(new { error = "invalid_token" }, statusCode: 401);
    }

    public async ValueTask DisposeAsync()
    {
        await _web.StopAsync();
        await _web.DisposeAsync();
    }
}
