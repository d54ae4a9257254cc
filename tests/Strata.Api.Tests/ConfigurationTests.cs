namespace Strata.Api.Tests;

/// <summary>Options come from flags over environment variables over the config file over defaults.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public void Flags_beat_environment_beat_file_beat_defaults()
    {
        var file = Path.Combine(Path.GetTempPath(), "strata-cfg-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(file, """{"http":"0.0.0.0:1","dir":"/from/file","db":"Host=file","logFormat":"json"}""");
        try
        {
            var env = new Dictionary<string, string> { ["STRATA_DIR"] = "/from/env", ["STRATA_DB"] = "Host=env" };
            var options = StrataConfiguration.Resolve(file, new Dictionary<string, string?> { ["db"] = "Host=flag" }, k => env.GetValueOrDefault(k));
            Assert.Equal("0.0.0.0:1", options.Http);
            Assert.Equal("/from/env", options.Dir);
            Assert.Equal("Host=flag", options.Db);
            Assert.Equal("json", options.LogFormat);
            Assert.Equal(Path.Combine("/from/env", "strata_migrations"), options.EffectiveMigrationsDir);

            var defaults = StrataConfiguration.Resolve(null, new Dictionary<string, string?>(), _ => null);
            Assert.Equal("127.0.0.1:8090", defaults.Http);
            Assert.Equal("strata_data", defaults.Dir);
            Assert.Equal("", defaults.Db);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_missing_or_broken_config_file_is_a_clear_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), "nope-" + Guid.NewGuid().ToString("N") + ".json");
        Assert.Contains("does not exist", Assert.Throws<InvalidOperationException>(() =>
            StrataConfiguration.Resolve(missing, new Dictionary<string, string?>(), _ => null)).Message, StringComparison.Ordinal);
        var broken = Path.GetTempFileName();
        File.WriteAllText(broken, "{not json");
        try
        {
            Assert.Contains("not valid JSON", Assert.Throws<InvalidOperationException>(() =>
                StrataConfiguration.Resolve(broken, new Dictionary<string, string?>(), _ => null)).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Theory]
    [InlineData("127.0.0.1:8090", "http://127.0.0.1:8090")]
    [InlineData("0.0.0.0:80", "http://0.0.0.0:80")]
    [InlineData("http://127.0.0.1:0", "http://127.0.0.1:0")]
    public void Listen_addresses_become_urls(string http, string url) => Assert.Equal(url, StrataServer.ListenUrl(http));

    [Theory]
    [InlineData("nonsense:abc")]
    [InlineData("127.0.0.1:99999")]
    [InlineData("localhost")]
    [InlineData(":8090")]
    public void Bad_listen_addresses_are_refused(string http) => Assert.Throws<ArgumentException>(() => StrataServer.ListenUrl(http));
}
