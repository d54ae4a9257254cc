using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core;

namespace Strata.Testing;

/// <summary>
/// A complete Strata server for one test: a fresh database (SQLite or PostgreSQL, per <c>STRATA_TEST_ENGINE</c>),
/// the real HTTP pipeline on a free loopback port, and a superuser. Dispose it at the end of the test.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    /// <summary>The bootstrap superuser's email.</summary>
    public const string SuperuserEmail = "root@strata.test";

    /// <summary>The bootstrap superuser's password.</summary>
    public const string SuperuserPassword = "root-password-1234";

    private readonly TestDatabase _database;
    private readonly bool _ownsDatabase;
    private readonly Action<StrataApp>? _configure;
    private readonly WebApplication _web;
    private string? _superuserToken;

    private TestApp(TestDatabase database, bool ownsDatabase, Action<StrataApp>? configure, StrataEngine engine, WebApplication web, Uri baseAddress)
    {
        _database = database;
        _ownsDatabase = ownsDatabase;
        _configure = configure;
        Engine = engine;
        _web = web;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The engine, for direct data access in tests.</summary>
    public StrataEngine Engine { get; }

    /// <summary>Where schema changes write their migration files.</summary>
    public string MigrationsDirectory { get; private init; } = "";

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client for the server (no auth header set).</summary>
    public HttpClient Client { get; }

    /// <summary>Where files go: <c>local</c> or <c>s3</c> (<c>STRATA_TEST_STORAGE</c>).</summary>
    public string StorageName => Engine.Files.Store.Kind;

    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public string EngineName => _database.Engine;

    /// <summary>Starts a fresh app.</summary>
    /// <param name="configure">Configures the app under test (hooks, services, routes), as its Program.cs does; or null.</param>
    /// <param name="engine">Overrides <c>STRATA_TEST_ENGINE</c>.</param>
    /// <param name="clock">The engine's clock, e.g. a <see cref="ManualClock"/> to make retries and cron schedules due; null for real time.</param>
    public static async Task<TestApp> StartAsync(Action<StrataApp>? configure = null, string? engine = null, TimeProvider? clock = null)
    {
        var database = await TestDatabase.CreateAsync(engine);
        return await StartOnAsync(database, ownsDatabase: true, configure, clock);
    }

    /// <summary>
    /// Starts a second node on this app's database with the same app configuration (a separate engine and HTTP
    /// server, as another machine would run), e.g. to check that state shared through PostgreSQL (sessions, rate
    /// limits, realtime events) holds across nodes. Dispose it before this app.
    /// </summary>
    /// <param name="clock">The peer's clock, or null for the real one.</param>
    public Task<TestApp> StartPeerAsync(TimeProvider? clock = null) => StartOnAsync(_database, ownsDatabase: false, _configure, clock);

    private static async Task<TestApp> StartOnAsync(TestDatabase database, bool ownsDatabase, Action<StrataApp>? configure, TimeProvider? clock)
    {
        var options = new StrataOptions
        {
            Http = "127.0.0.1:0",
            Dir = ownsDatabase ? database.Directory : Path.Combine(database.Directory, "node-" + Guid.NewGuid().ToString("N")[..8]),
            Db = database.Connection ?? "",
        };
        var app = StrataApp.Create([]);
        configure?.Invoke(app);
        var core = await StrataEngine.OpenAsync(database.Open(), new EngineOptions
        {
            MigrationsDirectory = options.EffectiveMigrationsDir,
            StorageDirectory = Path.Combine(options.Dir, "storage"),
            S3StoreFactory = S3.S3BlobStore.Create,
            Hooks = app.Hooks,
            CodeMigrations = app.Migrations,
            Clock = clock,
            Realtime = app.Realtime,
        });

        if (ownsDatabase)
        {
            // bcrypt at the production cost makes the superuser's hash and every login take about a second on a busy
            // machine, which dominated a fresh app's start; tests don't need slow hashes.
            var superusers = core.Schema.Current.Find("_superusers")!.Clone();
            foreach (var f in superusers.Fields.OfType<Strata.Core.Schema.PasswordField>())
            {
                f.Cost = 4;
            }

            await core.Schema.SaveAsync(superusers, writeMigration: false);
            await UseTestStorageAsync(core);
            await SuperuserCommands.UpsertAsync(core, SuperuserEmail, SuperuserPassword);
        }

        var web = StrataServer.Build(core, options, app);
        await web.StartAsync();
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestApp(database, ownsDatabase, configure, core, web, new Uri(address.TrimEnd('/') + "/")) { MigrationsDirectory = options.EffectiveMigrationsDir };
    }

    /// <summary>
    /// With <c>STRATA_TEST_STORAGE=s3</c>, points the settings at the S3 server of <c>STRATA_TEST_S3_ENDPOINT</c>
    /// (scripts/lib/s3.sh starts one), so the same tests run against S3 instead of local disk.
    /// </summary>
    private static async Task UseTestStorageAsync(StrataEngine engine)
    {
        if (!string.Equals(Environment.GetEnvironmentVariable("STRATA_TEST_STORAGE"), "s3", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var endpoint = Environment.GetEnvironmentVariable("STRATA_TEST_S3_ENDPOINT");
        if (string.IsNullOrEmpty(endpoint))
        {
            throw new InvalidOperationException("STRATA_TEST_STORAGE=s3 needs STRATA_TEST_S3_ENDPOINT (source scripts/lib/s3.sh and run s3_start).");
        }

        await engine.Settings.UpdateAsync(new JsonObject
        {
            ["s3"] = new JsonObject
            {
                ["enabled"] = true,
                ["endpoint"] = endpoint,
                // A bucket per app, so a test that counts what is stored sees only its own files.
                ["bucket"] = "strata-" + Strata.Core.Schema.RandomId.New(),
                ["region"] = "us-east-1",
                ["accessKey"] = Environment.GetEnvironmentVariable("STRATA_TEST_S3_ACCESS_KEY") ?? "S3RVER",
                ["secret"] = Environment.GetEnvironmentVariable("STRATA_TEST_S3_SECRET") ?? "S3RVER",
                ["forcePathStyle"] = true,
            },
        });
        await ((S3.S3BlobStore)engine.Files.Store).EnsureBucketAsync();
    }

    /// <summary>A new SDK-shaped client on this app (a guest until one of its auth calls succeeds).</summary>
    public StrataClient Sdk() => new(Client);

    /// <summary>A token of the bootstrap superuser (cached).</summary>
    public async Task<string> SuperuserTokenAsync()
    {
        if (_superuserToken is not null)
        {
            return _superuserToken;
        }

        using var response = await Client.PostAsJsonAsync("api/collections/_superusers/auth-with-password",
            new { identity = SuperuserEmail, password = SuperuserPassword });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        _superuserToken = body!["token"]!.GetValue<string>();
        return _superuserToken;
    }

    /// <summary>Sends a request as the superuser and returns the parsed JSON body (throws on a non-2xx status).</summary>
    /// <param name="method">The method.</param>
    /// <param name="path">The path, e.g. <c>api/collections</c>.</param>
    /// <param name="body">A JSON body, or null.</param>
    public async Task<JsonNode?> AdminAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Authorization", await SuperuserTokenAsync());
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} {path} gave {(int)response.StatusCode}: {text}");
        }

        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _web.StopAsync();
        await _web.DisposeAsync();
        await Engine.DisposeAsync();
        if (_ownsDatabase)
        {
            await _database.DisposeAsync();
        }
    }
}
