using Strata.Core.Storage;
using Strata.Filter.Sql;

namespace Strata.Api.Tests;

/// <summary>Contract §4.7 (OTP by mail) and §4.9 (MFA) end to end, with the OTP read from a <c>MailSink</c>.</summary>
public sealed class OtpMfaTests
{
    private const string Users = "/api/collections/users";

    [Fact]
    public async Task Otp_by_mail_logs_in_once_and_verifies_the_record()
    {
        await using var h = await FlowHarness.StartAsync();
        await h.PatchUsersAsync(new { otp = new { enabled = true, length = 6 } });
        var methods = await h.ExpectAsync(200, "GET", Users + "/auth-methods");
        Assert.Equal(180, methods!["otp"]!["duration"]!.GetValue<int>());

        var otpId = (await h.ExpectAsync(200, "POST", Users + "/request-otp", new { email = "bob@strata.test" }))!["otpId"]!.GetValue<string>();
        var mail = await h.Mail.WaitForToAsync("bob@strata.test");
        Assert.Equal("OTP for Acme", mail.Subject);
        var code = FlowHarness.CodeIn(mail);
        Assert.Equal(6, code.Length);

        var wrong = await h.ExpectAsync(400, "POST", Users + "/auth-with-otp", new { otpId, password = code == "000000" ? "111111" : "000000" });
        Assert.Equal("Invalid or expired OTP.", wrong!["message"]!.GetValue<string>());
        await h.ExpectAsync(403, "POST", "/api/collections/_superusers/auth-with-otp", new { otpId, password = code });
        var login = await h.ExpectAsync(200, "POST", Users + "/auth-with-otp", new { otpId, password = code });
        Assert.Equal("bob@strata.test", login!["record"]!["email"]!.GetValue<string>());
        Assert.True(login["record"]!["verified"]!.GetValue<bool>(), "an OTP sent to the record's email verifies it");
        await h.ExpectAsync(400, "POST", Users + "/auth-with-otp", new { otpId, password = code });

        // The stored code is hashed, never the code itself.
        var stored = await h.App.AdminAsync(HttpMethod.Get, "api/collections/_otps/records");
        Assert.DoesNotContain(code, stored!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Otp_for_unknown_email_expired_or_brute_forced_fails()
    {
        await using var h = await FlowHarness.StartAsync();
        await h.PatchUsersAsync(new { otp = new { enabled = true } });
        var ghost = (await h.ExpectAsync(200, "POST", Users + "/request-otp", new { email = "ghost@strata.test" }))!["otpId"]!.GetValue<string>();
        Assert.Equal(15, ghost.Length);
        await h.ExpectAsync(400, "POST", Users + "/auth-with-otp", new { otpId = ghost, password = "12345678" });
        await h.ExpectAsync(400, "POST", Users + "/auth-with-otp", new { otpId = "", password = "" });
        await h.ExpectAsync(400, "POST", Users + "/request-otp", new { email = "bad" });

        var otpId = (await h.ExpectAsync(200, "POST", Users + "/request-otp", new { email = "alice@strata.test" }))!["otpId"]!.GetValue<string>();
        var code = FlowHarness.CodeIn(await h.Mail.WaitForToAsync("alice@strata.test"));
        await AgeAsync(h, "_otps", otpId);
        await h.ExpectAsync(400, "POST", Users + "/auth-with-otp", new { otpId, password = code });

        h.Mail.Clear();
        otpId = (await h.ExpectAsync(200, "POST", Users + "/request-otp", new { email = "alice@strata.test" }))!["otpId"]!.GetValue<string>();
        code = FlowHarness.CodeIn(await h.Mail.WaitForToAsync("alice@strata.test"));
        for (var i = 0; i < 5; i++)
        {
            await h.ExpectAsync(400, "POST", Users + "/auth-with-otp", new { otpId, password = "0000000" + i });
        }

        var limited = await h.ExpectAsync(429, "POST", Users + "/auth-with-otp", new { otpId, password = code });
        Assert.Equal(429, limited!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Mfa_needs_a_second_different_method()
    {
        await using var h = await FlowHarness.StartAsync();
        await h.PatchUsersAsync(new { otp = new { enabled = true }, mfa = new { enabled = true, rule = "" } });
        var methods = await h.ExpectAsync(200, "GET", Users + "/auth-methods");
        Assert.Equal(600, methods!["mfa"]!["duration"]!.GetValue<int>());

        var password = new { identity = "alice@strata.test", password = Blog.AlicePassword };
        var first = await h.ExpectAsync(401, "POST", Users + "/auth-with-password", password);
        var mfaId = first!["mfaId"]!.GetValue<string>();
        Assert.Null(first["token"]);

        // The same method twice does not complete it; an unknown session is refused.
        await h.ExpectAsync(400, "POST", Users + "/auth-with-password?mfaId=" + mfaId, password);
        await h.ExpectAsync(400, "POST", Users + "/auth-with-password?mfaId=nosuchmfa000000", password);

        var otpId = (await h.ExpectAsync(200, "POST", Users + "/request-otp", new { email = "alice@strata.test" }))!["otpId"]!.GetValue<string>();
        var code = FlowHarness.CodeIn(await h.Mail.WaitForToAsync("alice@strata.test"));
        var done = await h.ExpectAsync(200, "POST", Users + "/auth-with-otp?mfaId=" + mfaId, new { otpId, password = code });
        Assert.StartsWith("eyJ", done!["token"]!.GetValue<string>(), StringComparison.Ordinal);
        await h.ExpectAsync(200, "POST", Users + "/auth-refresh", token: done["token"]!.GetValue<string>());

        // The session is used up; an expired one is refused too.
        var second = (await h.ExpectAsync(401, "POST", Users + "/auth-with-password", password))!["mfaId"]!.GetValue<string>();
        await AgeAsync(h, "_mfas", second);
        h.Mail.Clear();
        otpId = (await h.ExpectAsync(200, "POST", Users + "/request-otp", new { email = "alice@strata.test" }))!["otpId"]!.GetValue<string>();
        code = FlowHarness.CodeIn(await h.Mail.WaitForToAsync("alice@strata.test"));
        var expired = await h.ExpectAsync(400, "POST", Users + "/auth-with-otp?mfaId=" + second, new { otpId, password = code });
        Assert.Equal("Invalid or expired MFA session.", expired!["message"]!.GetValue<string>());

        // A rule that does not match skips MFA.
        await h.PatchUsersAsync(new { mfa = new { rule = "verified = false" } });
        await h.ExpectAsync(200, "POST", Users + "/auth-with-password", password);
    }

    /// <summary>Moves a row's <c>created</c> a day back, as if it had been made long ago.</summary>
    private static async Task AgeAsync(FlowHarness h, string table, string id)
    {
        var db = h.App.Engine.Database;
        var dayAgo = DateTimeOffset.UtcNow.AddDays(-1);
        // PostgreSQL stores autodates as timestamptz, SQLite as text in the contract's format.
        object value = h.App.EngineName == "postgres" ? dayAgo : dayAgo.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        await db.WriteAsync(async tx =>
        {
            var p = new SqlParameters();
            return await SqlText.ExecuteAsync(tx, $"UPDATE {db.Dialect.Quote(table)} SET created = {p.Add(value)} WHERE id = {p.Add(id)}", p);
        });
    }
}
