using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Strata.Testing;

/// <summary>
/// An SMTP server on 127.0.0.1 that keeps every message it receives, so a test can read the mails a Strata app sends
/// (verification links, OTP codes...). It speaks the SMTP subset a client needs to deliver: EHLO/HELO, MAIL, RCPT,
/// DATA (with dot-unstuffing), RSET, NOOP and QUIT. No TLS, no AUTH.
/// </summary>
public sealed class MailSink : IAsyncDisposable
{
    private const int MaxMessageBytes = 10 * 1024 * 1024;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<SinkMessage> _messages = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly Task _accepting;

    private MailSink()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptLoopAsync();
    }

    /// <summary>The port it listens on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Every message received so far, oldest first.</summary>
    public IReadOnlyList<SinkMessage> Messages => [.. _messages];

    /// <summary>Starts a sink on a free loopback port.</summary>
    public static MailSink Start() => new();

    /// <summary>Points the app's SMTP settings at this sink (through the settings API, as a superuser).</summary>
    /// <param name="app">The app under test.</param>
    public async Task ConfigureAsync(TestApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.AdminAsync(HttpMethod.Patch, "api/settings", new
        {
            smtp = new { enabled = true, host = "127.0.0.1", port = Port, tls = false, username = "", password = "" },
            meta = new { appName = "Acme", appURL = "https://acme.test", senderName = "Acme Support", senderAddress = "support@acme.test" },
        });
    }

    /// <summary>Waits for a message matching <paramref name="match"/> (already received or arriving later).</summary>
    /// <param name="match">The condition, e.g. on the recipient.</param>
    /// <param name="timeout">How long to wait (default 10 s); a <see cref="TimeoutException"/> after it.</param>
    public async Task<SinkMessage> WaitForAsync(Func<SinkMessage, bool> match, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            if (_messages.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            try
            {
                await _arrived.WaitAsync(TimeSpan.FromMilliseconds(200), cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching mail arrived; received: {string.Join("; ", _messages.Select(m => string.Join(",", m.To) + " " + m.Subject))}");
            }
        }
    }

    /// <summary>The last message sent to <paramref name="address"/>.</summary>
    /// <param name="address">The recipient.</param>
    /// <param name="timeout">How long to wait.</param>
    public Task<SinkMessage> WaitForToAsync(string address, TimeSpan? timeout = null) =>
        WaitForAsync(m => m.To.Contains(address, StringComparer.OrdinalIgnoreCase), timeout);

    /// <summary>Forgets every received message.</summary>
    public void Clear() => _messages.Clear();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
        _arrived.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.Latin1, false, 4096, leaveOpen: true);
            await using var writer = new StreamWriter(stream, Encoding.ASCII, 4096, leaveOpen: true) { NewLine = "\r\n", AutoFlush = true };
            await new SmtpSession(reader, writer, Deliver, MaxMessageBytes).RunAsync(_stop.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the sink is stopping.
        }
    }

    private void Deliver(SinkMessage message)
    {
        _messages.Enqueue(message);
        _arrived.Release();
    }
}
