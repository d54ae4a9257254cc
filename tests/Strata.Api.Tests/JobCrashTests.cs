using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.Api.Tests;

/// <summary>
/// A job survives a <c>kill -9</c> of the server: tests/Strata.CrashApp runs as a real process on a data directory
/// (or PostgreSQL database), is killed with SIGKILL, and is started again on the same data. Its job appends
/// "start"/"done" lines to a file (flushed to disk) and writes one idempotent "effects" record.
/// </summary>
public sealed class JobCrashTests
{
    private const string Email = "root@crash.test";
    private const string Password = "crash-password-1234";

    [Fact]
    public async Task A_job_enqueued_but_not_yet_started_runs_exactly_once_after_a_kill_9()
    {
        await using var db = await TestDatabase.CreateAsync();
        var log = Path.Combine(db.Directory, "runs.log");
        string id;
        await using (var first = await CrashApp.StartAsync(db, log))
        {
            // Due in a few seconds: the process dies before any worker may claim it.
            id = await first.EnqueueAsync(sleepMs: 0, delayMs: 4000);
            first.Kill();
        }

        Assert.Empty(Lines(log));
        await using var second = await CrashApp.StartAsync(db, log);
        var job = await second.WaitForJobAsync(id, "done");
        Assert.Equal(1, job["attempts"]!.GetValue<int>());
        await Task.Delay(TimeSpan.FromSeconds(3));  // longer than the lease: nothing else picks it up
        Assert.Equal([$"start {id} 1", $"done {id} 1"], Lines(log));
        Assert.Equal(1, await second.EffectsAsync(id));
    }

    [Fact]
    public async Task A_job_killed_mid_run_is_taken_again_after_its_lease_and_completes_exactly_once()
    {
        await using var db = await TestDatabase.CreateAsync();
        var log = Path.Combine(db.Directory, "runs.log");
        string id;
        await using (var first = await CrashApp.StartAsync(db, log))
        {
            id = await first.EnqueueAsync(sleepMs: 4000, delayMs: 0);
            await WaitUntilAsync(() => Lines(log).Contains($"start {id} 1"), "the first attempt to start");
            var running = await first.JobAsync(id);
            Assert.Equal("running", running["status"]!.GetValue<string>());
            first.Kill();
        }

        Assert.Equal([$"start {id} 1"], Lines(log));
        await using var second = await CrashApp.StartAsync(db, log);
        var job = await second.WaitForJobAsync(id, "done");
        Assert.Equal(2, job["attempts"]!.GetValue<int>());
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal([$"start {id} 1", $"start {id} 2", $"done {id} 2"], Lines(log));
        Assert.Equal(1, await second.EffectsAsync(id));
    }

    private static List<string> Lines(string path) =>
        File.Exists(path) ? [.. File.ReadAllLines(path).Where(l => l.Length > 0)] : [];

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "Timed out waiting for " + what);
            await Task.Delay(50);
        }
    }

    /// <summary>One run of the crash app's process.</summary>
    private sealed class CrashApp : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly HttpClient _client;

        private CrashApp(Process process, Uri address)
        {
            _process = process;
            _client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(15) };
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
        }

        public static async Task<CrashApp> StartAsync(TestDatabase db, string log)
        {
            var port = FreePort();
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { Program(), "serve", "--dir", db.Directory, "--http", $"127.0.0.1:{port}" })
            {
                info.ArgumentList.Add(a);
            }

            if (db.Connection is not null)
            {
                info.ArgumentList.Add("--db");
                info.ArgumentList.Add(db.Connection);
            }

            info.Environment["CRASHAPP_LOG"] = log;
            info.Environment["STRATA_SUPERUSER_EMAIL"] = Email;
            info.Environment["STRATA_SUPERUSER_PASSWORD"] = Password;
            var app = new CrashApp(Process.Start(info)!, new Uri($"http://127.0.0.1:{port}/"));
            app._process.BeginOutputReadLine();
            app._process.BeginErrorReadLine();
            await app.WaitHealthyAsync();
            using var login = await app._client.PostAsJsonAsync("api/collections/_superusers/auth-with-password", new { identity = Email, password = Password });
            var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
            app._client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);
            return app;
        }

        /// <summary>SIGKILL: no shutdown hooks, no draining, no lease release.</summary>
        public void Kill()
        {
            _process.Kill();
            _process.WaitForExit();
            Assert.Equal(137, _process.ExitCode);
        }

        public async Task<string> EnqueueAsync(int sleepMs, int delayMs)
        {
            using var response = await _client.PostAsJsonAsync("api/crash/enqueue", new { sleepMs, delayMs });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        }

        public async Task<JsonObject> JobAsync(string id) => (await _client.GetFromJsonAsync<JsonObject>($"api/strata/jobs/{id}"))!;

        public async Task<JsonObject> WaitForJobAsync(string id, string status)
        {
            var until = DateTime.UtcNow.AddSeconds(40);
            while (true)
            {
                var job = await JobAsync(id);
                if (job["status"]!.GetValue<string>() == status)
                {
                    return job;
                }

                Assert.True(DateTime.UtcNow < until, $"Job {id} did not become {status}: {job.ToJsonString()}\n{Output}");
                await Task.Delay(100);
            }
        }

        public async Task<int> EffectsAsync(string id)
        {
            var page = await _client.GetFromJsonAsync<JsonObject>("api/collections/effects/records?filter=" + Uri.EscapeDataString($"job = \"{id}\""));
            return page!["totalItems"]!.GetValue<int>();
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        private string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        private void Append(string? line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }

        private async Task WaitHealthyAsync()
        {
            var until = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                Assert.False(_process.HasExited, "The crash app exited:\n" + Output);
                try
                {
                    using var health = await _client.GetAsync(new Uri("api/health", UriKind.Relative));
                    if (health.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }

                Assert.True(DateTime.UtcNow < until, "The crash app did not become healthy:\n" + Output);
                await Task.Delay(100);
            }
        }

        /// <summary>The crash app's build next to this test assembly's (same configuration).</summary>
        private static string Program()
        {
            var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = Path.Combine(bin.Parent!.Parent!.Parent!.Parent!.FullName, "Strata.CrashApp", "bin", bin.Parent.Name, bin.Name, "Strata.CrashApp.dll");
            Assert.True(File.Exists(path), "Build tests/Strata.CrashApp first: " + path);
            return path;
        }

        private static int FreePort()
        {
            using var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            return ((IPEndPoint)l.LocalEndpoint).Port;
        }
    }
}
