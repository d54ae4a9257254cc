using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Strata.Api.Http;

namespace Strata.Bench.Micro;

/// <summary>
/// Reading a write request's body, as every create and update does: a JSON object, a multipart form with text parts
/// (the SDK's FormData), and a multipart form with a 64 KB file part.
/// </summary>
[MemoryDiagnoser]
public class RequestBodyBenchmarks
{
    private const string Boundary = "----strata-bench-boundary";
    private byte[] _json = [];
    private byte[] _form = [];
    private byte[] _formWithFile = [];

    [GlobalSetup]
    public void Setup()
    {
        _json = Encoding.UTF8.GetBytes(
            """{"title":"bench 1","body":"created by the micro-benchmark","status":"draft","views":0,"published":"2024-01-01T00:00:00Z","author":"kxiytogv8v3sv65"}""");
        var fields = new[] { ("title", "bench 1"), ("body", "created by the micro-benchmark"), ("status", "draft"), ("views", "0"), ("published", "2024-01-01T00:00:00Z"), ("author", "kxiytogv8v3sv65") };
        _form = Multipart(fields, file: null);
        _formWithFile = Multipart(fields, file: new byte[64 * 1024]);
    }

    [Benchmark(Baseline = true)]
    public Task<int> Json() => ReadAsync(_json, "application/json");

    [Benchmark]
    public Task<int> MultipartText() => ReadAsync(_form, "multipart/form-data; boundary=" + Boundary);

    [Benchmark]
    public Task<int> MultipartWithFile() => ReadAsync(_formWithFile, "multipart/form-data; boundary=" + Boundary);

    private static async Task<int> ReadAsync(byte[] body, string contentType)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = contentType;
        context.Request.ContentLength = body.Length;
        context.Request.Body = new MemoryStream(body, writable: false);
        var (data, files) = await RequestBody.ReadAsync(context);
        return data.Count + files.Count;
    }

    private static byte[] Multipart((string Name, string Value)[] fields, byte[]? file)
    {
        var sb = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            sb.Append("--").Append(Boundary).Append("\r\n")
              .Append("Content-Disposition: form-data; name=\"").Append(name).Append("\"\r\n\r\n")
              .Append(value).Append("\r\n");
        }

        using var ms = new MemoryStream();
        ms.Write(Encoding.UTF8.GetBytes(sb.ToString()));
        if (file is not null)
        {
            ms.Write(Encoding.UTF8.GetBytes("--" + Boundary + "\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"data.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
            ms.Write(file);
            ms.Write("\r\n"u8);
        }

        ms.Write(Encoding.UTF8.GetBytes("--" + Boundary + "--\r\n"));
        return ms.ToArray();
    }
}
