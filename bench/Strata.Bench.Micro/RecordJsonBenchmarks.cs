using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Strata.Core.Records;

namespace Strata.Bench.Micro;

/// <summary>Writing records as the API does: one post (the get scenario) and a page of 50 (the list scenario's items).</summary>
[MemoryDiagnoser]
public class RecordJsonBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly RecordView _view = new(RequestInfo.Guest);
    private Record _one = null!;
    private Record[] _page = [];

    [GlobalSetup]
    public void Setup()
    {
        _one = BenchSchema.Post(1);
        _page = Enumerable.Range(0, 50).Select(BenchSchema.Post).ToArray();
    }

    [Benchmark]
    public int WriteOne()
    {
        _buffer.ResetWrittenCount();
        using var w = new Utf8JsonWriter(_buffer);
        RecordJsonWriter.Write(w, _one, _view, null);
        w.Flush();
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int WritePage50()
    {
        _buffer.ResetWrittenCount();
        using var w = new Utf8JsonWriter(_buffer);
        w.WriteStartArray();
        foreach (var r in _page)
        {
            RecordJsonWriter.Write(w, r, _view, null);
        }

        w.WriteEndArray();
        w.Flush();
        return _buffer.WrittenCount;
    }
}
