using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Strata.Api.Tests.Realtime;

/// <summary>One SSE event as a browser's EventSource would see it.</summary>
internal sealed record SseEvent(string Id, string Event, string Data)
{
    public JsonNode Json => JsonNode.Parse(Data)!;
}

/// <summary>A realtime SSE connection read the way EventSource does, plus the subscription POST the SDK sends.</summary>
internal sealed class SseStream : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly Channel<SseEvent> _events = Channel.CreateUnbounded<SseEvent>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;

    private SseStream(HttpClient http, HttpResponseMessage response)
    {
        _http = http;
        _response = response;
        _reader = Task.Run(ReadAsync);
    }

    public string ClientId { get; private set; } = "";

    public HttpResponseMessage Response => _response;

    /// <summary>True once the server ended the stream.</summary>
    public bool Ended { get; private set; }

    public static async Task<SseStream> OpenAsync(Uri baseAddress)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var response = await http.GetAsync("api/realtime", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var stream = new SseStream(http, response);
        var connect = await stream.NextAsync();
        Assert.Equal("PB_CONNECT", connect.Event);
        stream.ClientId = connect.Id;
        return stream;
    }

    /// <summary>Sets the subscriptions as the SDK does; returns the status code.</summary>
    public async Task<int> SubscribeAsync(string? token, params string[] topics)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/realtime") { Content = JsonContent.Create(new { clientId = ClientId, subscriptions = topics }) };
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", token);
        }

        using var response = await _http.SendAsync(request);
        return (int)response.StatusCode;
    }

    public async Task<SseEvent> NextAsync(int timeoutMs = 10000)
    {
        using var cts = new CancellationTokenSource(timeoutMs);
        return await _events.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Waits a moment and returns what arrived (used to check that nothing did).</summary>
    public async Task<List<SseEvent>> DrainAsync(int waitMs = 700)
    {
        await Task.Delay(waitMs);
        var list = new List<SseEvent>();
        while (_events.Reader.TryRead(out var e))
        {
            list.Add(e);
        }

        return list;
    }

    private async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(await _response.Content.ReadAsStreamAsync(_stop.Token));
            string id = "", name = "", data = "";
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Length > 0 || name.Length > 0)
                    {
                        _events.Writer.TryWrite(new SseEvent(id, name, data));
                    }

                    name = data = "";
                    continue;
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
                switch (field)
                {
                    case "id": id = value; break;
                    case "event": name = value; break;
                    case "data": data = data.Length == 0 ? value : data + "\n" + value; break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or HttpRequestException)
        {
            // The stream ended.
        }
        finally
        {
            Ended = true;
            _events.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _reader;
        _http.Dispose();
        _stop.Dispose();
    }
}
