using System.Text;
using System.Text.Json.Nodes;
using Strata.Core.Auth;
using Strata.Core.Records;
using Strata.Testing;
using static Strata.Api.Tests.Rows;

namespace Strata.Api.Tests;

/// <summary>
/// Contract §4.4–4.10 and §8.2 test email, on one seeded app: bad input (400 shapes), wrong or base collections (404),
/// disabled methods (403), guests and non-superusers (401/403), and invalid, expired, tampered, wrong-type and
/// wrong-collection tokens. The mail-driven happy paths are in <see cref="AuthFlowTests"/>.
/// </summary>
public sealed class AuthFlowScenarioTests(BlogFixture fixture) : IClassFixture<BlogFixture>
{
    private const string Users = "/api/collections/users";
    private const string InvalidToken = "\"token\":{\"code\":\"validation_invalid_token\"";
    private const string Required = "{\"code\":\"validation_required\"";

    /// <summary>A clock three days behind, to mint tokens that have already expired.</summary>
    private sealed class PastClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddDays(-3);
    }

    private static Func<TestApp, Task<IReadOnlyDictionary<string, string>>> Tokens => async app =>
    {
        var users = app.Engine.Records.Collection("users");
        var su = app.Engine.Records.Collection("_superusers");
        var bob = (await app.Engine.Records.FindAsync(users, Blog.V("bob")))!;
        var root = (await app.Engine.Records.Query("_superusers").FirstAsync())!;
        var now = new TokenService(TimeProvider.System);
        var past = new TokenService(new PastClock());
        var verification = now.CreateActionToken(bob, "verification", users.Auth!.VerificationToken, [("email", "bob@strata.test")]);
        return new Dictionary<string, string>
        {
            ["verification"] = verification,
            ["tamperedVerification"] = verification[..^3] + (verification.EndsWith("AAA", StringComparison.Ordinal) ? "BBB" : "AAA"),
            ["expiredVerification"] = past.CreateActionToken(bob, "verification", users.Auth.VerificationToken, [("email", "bob@strata.test")]),
            ["otherEmailVerification"] = now.CreateActionToken(bob, "verification", users.Auth.VerificationToken, [("email", "old@strata.test")]),
            ["superuserVerification"] = now.CreateActionToken(root, "verification", su.Auth!.VerificationToken, [("email", root.GetString("email"))]),
            ["resetAsVerification"] = now.CreateActionToken(bob, "passwordReset", users.Auth.VerificationToken, [("email", "bob@strata.test")]),
            ["expiredReset"] = past.CreateActionToken(bob, "passwordReset", users.Auth.PasswordResetToken, [("email", "bob@strata.test")]),
            ["reset"] = now.CreateActionToken(bob, "passwordReset", users.Auth.PasswordResetToken, [("email", "bob@strata.test")]),
            ["emailChange"] = now.CreateActionToken(bob, "emailChange", users.Auth.EmailChangeToken, [("email", "bob@strata.test"), ("newEmail", "bob2@strata.test")]),
        };
    };

    private static readonly Func<TestApp, JsonNode?, Task> NotRefreshable = (_, body) =>
    {
        var token = body!["token"]!.GetValue<string>();
        var part = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(part + new string('=', (4 - (part.Length % 4)) % 4))))!;
        var lifetime = payload["exp"]!.GetValue<long>() - DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Blog.Check(payload["refreshable"]!.GetValue<bool>() == false && lifetime is > 3500 and <= 3600, "impersonation token: refreshable false, 1 hour: " + payload.ToJsonString());
        return Task.CompletedTask;
    };

    public static TheoryData<ApiScenario> Scenarios() =>
    [
        // §4.4 verification
        Send("request verification without email", "POST", Users + "/request-verification", new { }, 400, has: ["\"email\":" + Required]) with { After = ErrorShape(400) },
        Send("request verification with a bad email", "POST", Users + "/request-verification", new { email = "not-an-email" }, 400, has: ["\"email\":{\"code\":\"validation_is_email\""]),
        Send("request verification for an unknown email is 204", "POST", Users + "/request-verification", new { email = "nobody@strata.test" }, 204),
        Send("request verification for a known email is 204", "POST", Users + "/request-verification", new { email = "bob@strata.test" }, 204),
        Send("request verification for a verified email is 204", "POST", Users + "/request-verification", new { email = "alice@strata.test" }, 204),
        Send("request verification on _superusers", "POST", "/api/collections/_superusers/request-verification", new { email = TestApp.SuperuserEmail }, 400,
            has: ["\"message\":\"All superusers are verified by default.\""]),
        Send("request verification on a base collection", "POST", "/api/collections/posts/request-verification", new { email = "a@b.co" }, 404, has: ["Missing or invalid auth collection context."]),
        Send("request verification on an unknown collection", "POST", "/api/collections/nope/request-verification", new { email = "a@b.co" }, 404),
        Send("confirm verification without token", "POST", Users + "/confirm-verification", new { }, 400, has: ["\"token\":" + Required]),
        Send("confirm verification with garbage", "POST", Users + "/confirm-verification", new { token = "garbage" }, 400, has: [InvalidToken]) with { After = ErrorShape(400) },
        Send("confirm verification with a tampered token", "POST", Users + "/confirm-verification", new { token = "{tamperedVerification}" }, 400, has: [InvalidToken]) with { Setup = Tokens },
        Send("confirm verification with an expired token", "POST", Users + "/confirm-verification", new { token = "{expiredVerification}" }, 400, has: [InvalidToken]) with { Setup = Tokens },
        Send("confirm verification with a token for an old email", "POST", Users + "/confirm-verification", new { token = "{otherEmailVerification}" }, 400, has: [InvalidToken]) with { Setup = Tokens },
        Send("confirm verification with another kind of token", "POST", Users + "/confirm-verification", new { token = "{resetAsVerification}" }, 400, has: [InvalidToken]) with { Setup = Tokens },
        Send("confirm verification with an auth token", "POST", Users + "/confirm-verification", new { token = "{aliceToken}" }, 400, has: [InvalidToken]),
        Send("confirm verification with another collection's token", "POST", Users + "/confirm-verification", new { token = "{superuserVerification}" }, 400, has: [InvalidToken]) with { Setup = Tokens },
        Send("confirm verification with a users token on _superusers", "POST", "/api/collections/_superusers/confirm-verification", new { token = "{verification}" }, 400, has: [InvalidToken]) with { Setup = Tokens },

        // §4.5 password reset
        Send("request reset without email", "POST", Users + "/request-password-reset", new { }, 400, has: ["\"email\":" + Required]),
        Send("request reset for an unknown email is 204", "POST", Users + "/request-password-reset", new { email = "nobody@strata.test" }, 204),
        Send("request reset on a base collection", "POST", "/api/collections/posts/request-password-reset", new { email = "a@b.co" }, 404),
        Send("confirm reset with mismatched passwords", "POST", Users + "/confirm-password-reset", new { token = "{reset}", password = "new-password-1", passwordConfirm = "other-password" }, 400,
            has: ["\"passwordConfirm\":{\"code\":\"validation_values_mismatch\""]) with { Setup = Tokens },
        Send("confirm reset with a short password", "POST", Users + "/confirm-password-reset", new { token = "{reset}", password = "short", passwordConfirm = "short" }, 400,
            has: ["\"password\":{\"code\":\"validation_min_text_constraint\""]) with { Setup = Tokens },
        Send("confirm reset without anything", "POST", Users + "/confirm-password-reset", new { }, 400, has: ["\"password\":" + Required, "\"passwordConfirm\":" + Required]),
        Send("confirm reset with an expired token", "POST", Users + "/confirm-password-reset", new { token = "{expiredReset}", password = "new-password-1", passwordConfirm = "new-password-1" }, 400,
            has: [InvalidToken]) with { Setup = Tokens, After = CanLogIn("bob@strata.test", Blog.BobPassword) },
        Send("confirm reset with a verification token", "POST", Users + "/confirm-password-reset", new { token = "{verification}", password = "new-password-1", passwordConfirm = "new-password-1" }, 400,
            has: [InvalidToken]) with { Setup = Tokens },

        // §4.6 email change
        Send("request email change as a guest", "POST", Users + "/request-email-change", new { newEmail = "x@strata.test" }, 401),
        Send("request email change as a superuser on users", "POST", Users + "/request-email-change", new { newEmail = "x@strata.test" }, 403, "superuser",
            has: ["The request requires auth record from users collection."]),
        Send("request email change to a bad email", "POST", Users + "/request-email-change", new { newEmail = "nope" }, 400, "{aliceToken}", has: ["\"newEmail\":{\"code\":\"validation_is_email\""]),
        Send("request email change to a used email", "POST", Users + "/request-email-change", new { newEmail = "BOB@strata.test" }, 400, "{aliceToken}", has: ["\"newEmail\":{\"code\":\"validation_email_taken\""]),
        Send("request email change to the same email", "POST", Users + "/request-email-change", new { newEmail = "alice@strata.test" }, 400, "{aliceToken}", has: ["\"newEmail\":{\"code\":\"validation_email_same\""]),
        Send("request email change without newEmail", "POST", Users + "/request-email-change", new { }, 400, "{aliceToken}", has: ["\"newEmail\":" + Required]),
        Send("confirm email change without password", "POST", Users + "/confirm-email-change", new { token = "{emailChange}" }, 400, has: ["\"password\":" + Required]) with { Setup = Tokens },
        Send("confirm email change with a wrong password", "POST", Users + "/confirm-email-change", new { token = "{emailChange}", password = "wrong-password" }, 400,
            has: ["\"password\":{\"code\":\"validation_invalid_password\""]) with { Setup = Tokens },
        Send("confirm email change with a reset token", "POST", Users + "/confirm-email-change", new { token = "{reset}", password = Blog.BobPassword }, 400, has: [InvalidToken]) with { Setup = Tokens },

        // §4.7 / §4.8: off by default
        Send("request otp while otp is off", "POST", Users + "/request-otp", new { email = "alice@strata.test" }, 403,
            has: ["\"message\":\"The collection is not configured to allow OTP authentication.\""]) with { After = ErrorShape(403) },
        Send("auth with otp while otp is off", "POST", Users + "/auth-with-otp", new { otpId = "x", password = "1" }, 403),
        Send("auth with oauth2 while oauth2 is off", "POST", Users + "/auth-with-oauth2", new { provider = "google", code = "x", codeVerifier = "", redirectURL = "" }, 403,
            has: ["\"message\":\"The collection is not configured to allow OAuth2 authentication.\""]),
        Send("auth with otp on a base collection", "POST", "/api/collections/posts/auth-with-otp", new { otpId = "x", password = "1" }, 404),

        // §4.10 impersonate
        Send("impersonate as a guest", "POST", Users + "/impersonate/{alice}", new { }, 401),
        Send("impersonate as a user", "POST", Users + "/impersonate/{bob}", new { }, 403, "{aliceToken}"),
        Send("impersonate an unknown record", "POST", Users + "/impersonate/nosuchrecord000", new { }, 404, "superuser"),
        Send("impersonate on a base collection", "POST", "/api/collections/posts/impersonate/{alice}", new { }, 404, "superuser"),
        Send("impersonate with a negative duration", "POST", Users + "/impersonate/{alice}", new { duration = -5 }, 400, "superuser", has: ["\"duration\":{\"code\""]),
        Send("impersonate with a text duration", "POST", Users + "/impersonate/{alice}", new { duration = "soon" }, 400, "superuser", has: ["\"duration\":{\"code\""]),
        Send("impersonate for an hour", "POST", Users + "/impersonate/{alice}?expand=", new { duration = 3600 }, 200, "superuser",
            has: ["\"token\":\"", "\"email\":\"alice@strata.test\"", "\"collectionName\":\"users\""], hasNot: ["\"tokenKey\"", "\"password\""]) with { After = NotRefreshable },
        Send("impersonate with the default duration", "POST", Users + "/impersonate/{bob}", null, 200, "superuser", has: ["\"id\":\"{bob}\""]),

        // §8.2 test email
        Send("test email as a guest", "POST", "/api/settings/test/email", new { email = "a@b.co", template = "verification" }, 401),
        Send("test email as a user", "POST", "/api/settings/test/email", new { email = "a@b.co", template = "verification" }, 403, "{aliceToken}"),
        Send("test email with an unknown template", "POST", "/api/settings/test/email", new { email = "a@b.co", template = "nope", collection = "users" }, 400, "superuser",
            has: ["\"template\":{\"code\":\"validation_in_invalid\""]),
        Send("test email with a bad address", "POST", "/api/settings/test/email", new { email = "nope", template = "otp" }, 400, "superuser", has: ["\"email\":{\"code\":\"validation_is_email\""]),
        Send("test email to a base collection", "POST", "/api/settings/test/email", new { email = "a@b.co", template = "otp", collection = "posts" }, 400, "superuser",
            has: ["\"collection\":{\"code\""]),
        Send("test email while SMTP is off", "POST", "/api/settings/test/email", new { email = "a@b.co", template = "otp", collection = "users" }, 400, "superuser",
            has: ["SMTP is not enabled"]),
    ];

    private static Func<TestApp, JsonNode?, Task> CanLogIn(string email, string password) => async (app, _) =>
        await Blog.LoginAsync(app, "users", email, password);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public Task Scenario(ApiScenario scenario) => fixture.RunAsync(scenario);
}
