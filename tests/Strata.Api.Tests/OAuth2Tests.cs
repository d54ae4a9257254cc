using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Strata.Api.Tests;

/// <summary>
/// Contract §4.8, the OAuth2 authorization-code flow with PKCE, against <see cref="OAuth2StandIn"/> on loopback:
/// auth-methods, the browser redirect with a code, the code exchange, sign-up, linking, and the failures.
/// </summary>
public sealed class OAuth2Tests
{
    private const string Users = "/api/collections/users";
    private const string Redirect = "https://app.test/oauth-callback";

    [Fact]
    public async Task Code_flow_signs_up_then_signs_in_the_same_record()
    {
        await using var h = await FlowHarness.StartAsync();
        await using var provider = await OAuth2StandIn.StartAsync();
        await h.PatchUsersAsync(new { oauth2 = new { enabled = true, providers = new[] { provider.ProviderConfig() } } });

        var (methods, code) = await AuthorizeAsync(h, provider);
        var p = methods["oauth2"]!["providers"]![0]!;
        Assert.True(methods["oauth2"]!["enabled"]!.GetValue<bool>());
        Assert.Equal("oidc", p["name"]!.GetValue<string>());
        Assert.EndsWith("&redirect_uri=", p["authURL"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(30, p["state"]!.GetValue<string>().Length);
        Assert.Equal(43, p["codeVerifier"]!.GetValue<string>().Length);
        Assert.Equal(S256(p["codeVerifier"]!.GetValue<string>()), p["codeChallenge"]!.GetValue<string>());
        Assert.Equal("S256", p["codeChallengeMethod"]!.GetValue<string>());

        var first = await h.ExpectAsync(200, "POST", Users + "/auth-with-oauth2", new
        {
            provider = "oidc", code, codeVerifier = p["codeVerifier"]!.GetValue<string>(), redirectURL = Redirect,
            createData = new { emailVisibility = true },
        });
        var meta = first!["meta"]!;
        Assert.True(meta["isNew"]!.GetValue<bool>());
        Assert.Equal("standin-user-1", meta["id"]!.GetValue<string>());
        Assert.Equal("olive@oauth.test", meta["email"]!.GetValue<string>());
        Assert.StartsWith("refresh-", meta["refreshToken"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("olive", meta["rawUser"]!["preferred_username"]!.GetValue<string>());
        var record = first["record"]!;
        Assert.Equal("olive@oauth.test", record["email"]!.GetValue<string>());
        Assert.Equal("Olive Auth", record["name"]!.GetValue<string>());
        Assert.True(record["verified"]!.GetValue<bool>());
        Assert.True(record["emailVisibility"]!.GetValue<bool>());

        // The link is visible to its owner through the records API, as the SDK's listExternalAuths reads it.
        var links = await h.ExpectAsync(200, "GET", "/api/collections/_externalAuths/records?filter=" + Uri.EscapeDataString($"recordRef = \"{record["id"]}\""),
            token: first["token"]!.GetValue<string>());
        Assert.Equal(1, links!["totalItems"]!.GetValue<int>());
        Assert.Equal("oidc", links["items"]![0]!["provider"]!.GetValue<string>());

        // Second time: the same record through the link, even when the provider's email changed.
        provider.User["email"] = "olive.other@oauth.test";
        var (methods2, code2) = await AuthorizeAsync(h, provider);
        var second = await h.ExpectAsync(200, "POST", Users + "/auth-with-oauth2", new
        {
            provider = "oidc", code = code2, codeVerifier = methods2["oauth2"]!["providers"]![0]!["codeVerifier"]!.GetValue<string>(), redirectURL = Redirect,
        });
        Assert.False(second!["meta"]!["isNew"]!.GetValue<bool>());
        Assert.Equal(record["id"]!.GetValue<string>(), second["record"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Code_flow_links_a_verified_email_and_refuses_bad_exchanges()
    {
        await using var h = await FlowHarness.StartAsync();
        await using var provider = await OAuth2StandIn.StartAsync();
        await h.PatchUsersAsync(new { oauth2 = new { enabled = true, providers = new[] { provider.ProviderConfig("oidc", discovery: true) } } });

        // An unverified provider email that matches an account must not take it over.
        provider.User["email"] = "bob@strata.test";
        provider.User["email_verified"] = false;
        var (methods, code) = await AuthorizeAsync(h, provider);
        var verifier = methods["oauth2"]!["providers"]![0]!["codeVerifier"]!.GetValue<string>();
        await h.ExpectAsync(400, "POST", Users + "/auth-with-oauth2", new { provider = "oidc", code, codeVerifier = verifier, redirectURL = Redirect });

        provider.User["email_verified"] = true;
        (methods, code) = await AuthorizeAsync(h, provider);
        verifier = methods["oauth2"]!["providers"]![0]!["codeVerifier"]!.GetValue<string>();
        var linked = await h.ExpectAsync(200, "POST", Users + "/auth-with-oauth2", new { provider = "oidc", code, codeVerifier = verifier, redirectURL = Redirect });
        Assert.Equal(h.Seeded["bob"], linked!["record"]!["id"]!.GetValue<string>());
        Assert.False(linked["meta"]!["isNew"]!.GetValue<bool>());
        Assert.True(linked["record"]!["verified"]!.GetValue<bool>());

        // A used code, a wrong verifier, a wrong redirect URL: the provider refuses, Strata answers 400.
        await h.ExpectAsync(400, "POST", Users + "/auth-with-oauth2", new { provider = "oidc", code, codeVerifier = verifier, redirectURL = Redirect });
        (_, code) = await AuthorizeAsync(h, provider);
        await h.ExpectAsync(400, "POST", Users + "/auth-with-oauth2", new { provider = "oidc", code, codeVerifier = "x".PadRight(43, 'x'), redirectURL = Redirect });
        (methods, code) = await AuthorizeAsync(h, provider);
        verifier = methods["oauth2"]!["providers"]![0]!["codeVerifier"]!.GetValue<string>();
        await h.ExpectAsync(400, "POST", Users + "/auth-with-oauth2", new { provider = "oidc", code, codeVerifier = verifier, redirectURL = "https://evil.test/cb" });

        var unknown = await h.ExpectAsync(400, "POST", Users + "/auth-with-oauth2", new { provider = "myspace", code = "x", codeVerifier = "", redirectURL = Redirect });
        Assert.Equal("validation_invalid_provider", unknown!["data"]!["provider"]!["code"]!.GetValue<string>());
        var missing = await h.ExpectAsync(400, "POST", Users + "/auth-with-oauth2", new { });
        Assert.NotNull(missing!["data"]!["provider"]);
        Assert.NotNull(missing["data"]!["code"]);
    }

    [Fact]
    public async Task Presets_list_with_their_endpoints_and_mfa_applies_to_oauth2()
    {
        await using var h = await FlowHarness.StartAsync();
        await using var provider = await OAuth2StandIn.StartAsync();
        await h.PatchUsersAsync(new
        {
            oauth2 = new
            {
                enabled = true,
                providers = new object[] { new { name = "google", clientId = "g-id", clientSecret = "g-secret" }, new { name = "github", clientId = "gh-id", clientSecret = "s", pkce = false }, provider.ProviderConfig() },
            },
            mfa = new { enabled = true },
            otp = new { enabled = true },
        });
        var methods = await h.ExpectAsync(200, "GET", Users + "/auth-methods?fields=oauth2");
        var providers = methods!["oauth2"]!["providers"]!.AsArray();
        Assert.Equal(["google", "github", "oidc"], providers.Select(x => x!["name"]!.GetValue<string>()));
        Assert.StartsWith("https://accounts.google.com/o/oauth2/v2/auth?client_id=g-id&code_challenge=", providers[0]!["authURL"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("", providers[1]!["codeVerifier"]!.GetValue<string>());
        Assert.DoesNotContain("code_challenge", providers[1]!["authURL"]!.GetValue<string>(), StringComparison.Ordinal);
        var collection = await h.App.AdminAsync(HttpMethod.Get, "api/collections/users");
        Assert.DoesNotContain("g-secret", collection!.ToJsonString(), StringComparison.Ordinal);

        var (m, code) = await AuthorizeAsync(h, provider, index: 2);
        var verifier = m["oauth2"]!["providers"]![2]!["codeVerifier"]!.GetValue<string>();
        var first = await h.ExpectAsync(401, "POST", Users + "/auth-with-oauth2", new { provider = "oidc", code, codeVerifier = verifier, redirectURL = Redirect });
        var mfaId = first!["mfaId"]!.GetValue<string>();
        var otpId = (await h.ExpectAsync(200, "POST", Users + "/request-otp", new { email = "olive@oauth.test" }))!["otpId"]!.GetValue<string>();
        var otp = FlowHarness.CodeIn(await h.Mail.WaitForToAsync("olive@oauth.test"));
        await h.ExpectAsync(200, "POST", Users + "/auth-with-otp", new { otpId, password = otp, mfaId });
    }

    /// <summary>Reads auth-methods and plays the browser: follows the provider's authURL and takes the code from the redirect.</summary>
    private static async Task<(JsonNode Methods, string Code)> AuthorizeAsync(FlowHarness h, OAuth2StandIn provider, int index = 0)
    {
        var methods = (await h.ExpectAsync(200, "GET", Users + "/auth-methods"))!;
        var p = methods["oauth2"]!["providers"]![index]!;
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await browser.GetAsync(p["authURL"]!.GetValue<string>() + Uri.EscapeDataString(Redirect));
        Assert.Equal(302, (int)response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(Redirect + "?", location.ToString(), StringComparison.Ordinal);
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.Equal(p["state"]!.GetValue<string>(), query["state"]);
        Assert.StartsWith(provider.Url, p["authURL"]!.GetValue<string>(), StringComparison.Ordinal);
        return (methods, query["code"]!);
    }

    private static string S256(string verifier) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
