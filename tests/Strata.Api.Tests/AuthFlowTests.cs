using System.Text.Json.Nodes;

namespace Strata.Api.Tests;

/// <summary>
/// The mail-driven flows of contract §4.4–4.6 end to end, reading each mail from a <c>MailSink</c>: verification,
/// password reset and email change, and that tokens issued before a password or email change stop working.
/// </summary>
public sealed class AuthFlowTests
{
    private const string Users = "/api/collections/users";

    [Fact]
    public async Task Verification_by_mail_marks_the_record_verified()
    {
        await using var h = await FlowHarness.StartAsync();
        await h.ExpectAsync(204, "POST", Users + "/request-verification", new { email = "BOB@strata.test" });
        var mail = await h.Mail.WaitForToAsync("bob@strata.test");
        Assert.Equal("Verify your Acme email", mail.Subject);
        Assert.Contains("https://acme.test/_/#/auth/confirm-verification/", mail.Body, StringComparison.Ordinal);
        Assert.Contains("support@acme.test", mail.Headers["From"], StringComparison.Ordinal);
        var token = FlowHarness.TokenIn(mail);

        await h.ExpectAsync(204, "POST", Users + "/confirm-verification", new { token });
        var bob = await Blog.GetAsync(h.App, "users", h.Seeded["bob"]);
        Assert.True(bob["verified"]!.GetValue<bool>());

        // Verified records and unknown emails get no mail, and the answer is the same 204.
        h.Mail.Clear();
        await h.ExpectAsync(204, "POST", Users + "/request-verification", new { email = "bob@strata.test" });
        await h.ExpectAsync(204, "POST", Users + "/request-verification", new { email = "ghost@strata.test" });
        await Task.Delay(500);
        Assert.Empty(h.Mail.Messages);
    }

    [Fact]
    public async Task Password_reset_by_mail_revokes_every_older_token()
    {
        await using var h = await FlowHarness.StartAsync();
        var oldToken = h.Seeded["bobToken"];
        await h.ExpectAsync(204, "POST", Users + "/request-password-reset", new { email = "bob@strata.test" });
        var mail = await h.Mail.WaitForToAsync("bob@strata.test");
        Assert.Equal("Reset your Acme password", mail.Subject);
        var token = FlowHarness.TokenIn(mail);

        await h.ExpectAsync(204, "POST", Users + "/confirm-password-reset", new { token, password = "brand-new-pass-1", passwordConfirm = "brand-new-pass-1" });
        await h.ExpectAsync(401, "POST", Users + "/auth-refresh", token: oldToken);
        await h.ExpectAsync(400, "POST", Users + "/auth-with-password", new { identity = "bob@strata.test", password = Blog.BobPassword });
        await Blog.LoginAsync(h.App, "users", "bob@strata.test", "brand-new-pass-1");
        var bob = await Blog.GetAsync(h.App, "users", h.Seeded["bob"]);
        Assert.True(bob["verified"]!.GetValue<bool>(), "a reset through the record's own email verifies it");

        // The reset token was signed with the old tokenKey: it cannot be used twice.
        var again = await h.ExpectAsync(400, "POST", Users + "/confirm-password-reset", new { token, password = "another-pass-12", passwordConfirm = "another-pass-12" });
        Assert.Equal("validation_invalid_token", again!["data"]!["token"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Email_change_by_mail_sets_the_new_email_and_revokes_tokens()
    {
        await using var h = await FlowHarness.StartAsync();
        var aliceToken = h.Seeded["aliceToken"];
        await h.ExpectAsync(204, "POST", Users + "/request-email-change", new { newEmail = "alice.new@strata.test" }, aliceToken);
        var mail = await h.Mail.WaitForToAsync("alice.new@strata.test");
        Assert.Equal("Confirm your Acme new email address", mail.Subject);
        var token = FlowHarness.TokenIn(mail);

        await h.ExpectAsync(400, "POST", Users + "/confirm-email-change", new { token, password = "not-her-password" });
        await h.ExpectAsync(204, "POST", Users + "/confirm-email-change", new { token, password = Blog.AlicePassword });
        await h.ExpectAsync(401, "POST", Users + "/auth-refresh", token: aliceToken);
        await h.ExpectAsync(400, "POST", Users + "/auth-with-password", new { identity = "alice@strata.test", password = Blog.AlicePassword });
        var login = await h.ExpectAsync(200, "POST", Users + "/auth-with-password", new { identity = "alice.new@strata.test", password = Blog.AlicePassword });
        Assert.Equal("alice.new@strata.test", login!["record"]!["email"]!.GetValue<string>());
        Assert.True(login["record"]!["verified"]!.GetValue<bool>());
        await h.ExpectAsync(400, "POST", Users + "/confirm-email-change", new { token, password = Blog.AlicePassword });
    }

    [Fact]
    public async Task Changing_the_password_through_the_records_api_revokes_older_tokens()
    {
        await using var h = await FlowHarness.StartAsync();
        var token = h.Seeded["aliceToken"];
        await h.ExpectAsync(200, "PATCH", Users + "/records/" + h.Seeded["alice"],
            new { oldPassword = Blog.AlicePassword, password = "changed-pass-123", passwordConfirm = "changed-pass-123" }, token);
        await h.ExpectAsync(401, "POST", Users + "/auth-refresh", token: token);
        var list = await h.ExpectAsync(200, "GET", Users + "/records", token: token);
        Assert.Equal(0, list!["totalItems"]!.GetValue<int>());
    }

    [Fact]
    public async Task Test_email_and_custom_templates_fill_placeholders()
    {
        await using var h = await FlowHarness.StartAsync();
        await h.PatchUsersAsync(new
        {
            verificationTemplate = new { subject = "Hi {RECORD:name} from {APP_NAME}", body = "<p>{RECORD:name} <{RECORD:email}> {APP_URL}/v/{TOKEN} {RECORD:tokenKey}</p>" },
        });
        await h.App.AdminAsync(HttpMethod.Patch, "api/collections/users/records/" + h.Seeded["bob"], new { name = "Bob <b>" });
        await h.ExpectAsync(204, "POST", Users + "/request-verification", new { email = "bob@strata.test" });
        var mail = await h.Mail.WaitForToAsync("bob@strata.test");
        Assert.Equal("Hi Bob <b> from Acme", mail.Subject);
        Assert.Matches(@"^<p>Bob &lt;b&gt; <bob@strata\.test> https://acme\.test/v/[\w-]+\.[\w-]+\.[\w-]+ </p>$", mail.Body);

        await h.App.AdminAsync(HttpMethod.Post, "api/settings/test/email", new { email = "ops@strata.test", template = "password-reset", collection = "users" });
        var test = await h.Mail.WaitForToAsync("ops@strata.test");
        Assert.Equal("Reset your Acme password", test.Subject);
        await h.App.AdminAsync(HttpMethod.Post, "api/settings/test/email", new { email = "otp@strata.test", template = "otp" });
        Assert.Equal("OTP for Acme", (await h.Mail.WaitForToAsync("otp@strata.test")).Subject);

        // Settings output never shows the SMTP password.
        await h.App.AdminAsync(HttpMethod.Patch, "api/settings", new { smtp = new { password = "smtp-secret" } });
        var settings = await h.App.AdminAsync(HttpMethod.Get, "api/settings");
        Assert.DoesNotContain("smtp-secret", settings!.ToJsonString(), StringComparison.Ordinal);
    }
}
