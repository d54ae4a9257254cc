using BenchmarkDotNet.Attributes;
using Strata.Core.Auth;
using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Bench.Micro;

/// <summary>An auth token's life on every logged-in request: read the claims unverified, then verify the signature and expiry.</summary>
[MemoryDiagnoser]
public class TokenBenchmarks
{
    private readonly TokenService _tokens = new(TimeProvider.System);
    private Record _user = null!;
    private string _secret = "";
    private string _token = "";

    [GlobalSetup]
    public void Setup()
    {
        var users = CollectionDefaults.Users();
        CollectionDefaults.ApplyNew(users);
        _secret = users.Auth!.AuthToken.Secret;
        _user = new Record(users);
        _user.Set("id", "n7kqxrh7ugpou4g");
        _user.Set("tokenKey", "tokenkey-0123456789abcdefghijklmnopqrstuvwxyz0123");
        _user.Set("email", "reader@example.com");
        _token = _tokens.CreateAuthToken(_user);
    }

    [Benchmark]
    public object? ReadUnverified() => TokenService.ReadUnverified(_token);

    /// <summary>What a logged-in request does: read the claims, then verify the token as read.</summary>
    [Benchmark]
    public async Task<bool?> ReadAndVerify() => await _tokens.VerifyAsync(TokenService.ReadUnverified(_token)!, _user, _secret);
}
