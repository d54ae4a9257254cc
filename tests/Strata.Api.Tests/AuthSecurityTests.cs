using System.Diagnostics;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Generators;
using Strata.Core.Storage;
using Strata.Filter.Sql;

namespace Strata.Api.Tests;

/// <summary>
/// Contract §4.12 and the no-enumeration rules: imported bcrypt hashes, collection secrets revoking a token kind,
/// and known and unknown emails answering alike on the endpoints that take an email.
/// </summary>
public sealed class AuthSecurityTests
{
    private const string Users = "/api/collections/users";

    [Theory]
    [InlineData("2a")]
    [InlineData("2b")]
    [InlineData("2y")]
    public async Task Imported_bcrypt_hashes_verify(string version)
    {
        await using var h = await FlowHarness.StartAsync();
        var hash = OpenBsdBCrypt.Generate(version, "imported-pass-1".ToCharArray(), RandomNumberGenerator.GetBytes(16), 5);
        Assert.StartsWith("$" + version + "$05$", hash, StringComparison.Ordinal);
        var db = h.App.Engine.Database;
        await db.WriteAsync(async tx =>
        {
            var p = new SqlParameters();
            return await SqlText.ExecuteAsync(tx, $"UPDATE {db.Dialect.Quote("users")} SET password = {p.Add(hash)} WHERE id = {p.Add(h.Seeded["bob"])}", p);
        });
        await h.ExpectAsync(200, "POST", Users + "/auth-with-password", new { identity = "bob@strata.test", password = "imported-pass-1" });
        await h.ExpectAsync(400, "POST", Users + "/auth-with-password", new { identity = "bob@strata.test", password = "imported-pass-2" });
    }

    [Fact]
    public async Task A_new_collection_secret_revokes_that_token_kind()
    {
        await using var h = await FlowHarness.StartAsync();
        await h.ExpectAsync(200, "POST", Users + "/auth-refresh", token: h.Seeded["aliceToken"]);
        await h.PatchUsersAsync(new { authToken = new { secret = new string('s', 40) } });
        await h.ExpectAsync(401, "POST", Users + "/auth-refresh", token: h.Seeded["aliceToken"]);
        var list = await h.ExpectAsync(200, "GET", "/api/collections/posts/records", token: h.Seeded["aliceToken"]);
        Assert.DoesNotContain("Alice draft", list!.ToJsonString(), StringComparison.Ordinal);
        await Blog.LoginAsync(h.App, "users", "alice@strata.test", Blog.AlicePassword);
    }

    [Fact]
    public async Task Known_and_unknown_emails_answer_alike()
    {
        await using var h = await FlowHarness.StartAsync();
        await h.PatchUsersAsync(new { otp = new { enabled = true } });
        foreach (var path in new[] { "/request-verification", "/request-password-reset", "/request-otp" })
        {
            var known = new List<double>();
            var unknown = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                foreach (var (email, times) in new[] { ("bob@strata.test", known), ($"ghost{i}@strata.test", unknown) })
                {
                    var sw = Stopwatch.StartNew();
                    var (status, body) = await h.SendAsync("POST", Users + path, new { email });
                    times.Add(sw.Elapsed.TotalMilliseconds);
                    Assert.Equal(path == "/request-otp" ? 200 : 204, status);
                    if (path == "/request-otp")
                    {
                        Assert.Matches("^[a-z0-9]{15}$", body!["otpId"]!.GetValue<string>());
                        Assert.Single(body.AsObject());
                    }
                }
            }

            // Loose bounds: the machine is shared, but a bcrypt run on one side only (about 10x) would show.
            var (k, u) = (Median(known), Median(unknown));
            Assert.True(k < (3 * u) + 40 && u < (3 * k) + 40, $"{path}: known median {k:F1} ms, unknown median {u:F1} ms");
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
