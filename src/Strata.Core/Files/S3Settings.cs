using System.Text.Json.Nodes;

namespace Strata.Core.Files;

/// <summary>The <c>s3</c> settings object of contract §8.2.</summary>
/// <param name="Enabled">Store new files in S3 instead of on local disk.</param>
/// <param name="Bucket">The bucket.</param>
/// <param name="Region">The region (any text for most S3-compatible servers).</param>
/// <param name="Endpoint">The endpoint URL, e.g. <c>http://127.0.0.1:9000</c>; empty for AWS.</param>
/// <param name="AccessKey">The access key id.</param>
/// <param name="Secret">The secret key.</param>
/// <param name="ForcePathStyle">Address the bucket as a path (<c>endpoint/bucket/key</c>), as MinIO and s3rver need.</param>
public sealed record S3Settings(bool Enabled, string Bucket, string Region, string Endpoint, string AccessKey, string Secret, bool ForcePathStyle)
{
    /// <summary>Reads the settings object (missing or mistyped values fall back to off/empty).</summary>
    /// <param name="s3">The <c>s3</c> object, or null.</param>
    public static S3Settings From(JsonObject? s3)
    {
        string Text(string key) => s3?[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        bool Flag(string key) => s3?[key] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
        return new S3Settings(Flag("enabled"), Text("bucket"), Text("region"), Text("endpoint"), Text("accessKey"), Text("secret"), Flag("forcePathStyle"));
    }
}
