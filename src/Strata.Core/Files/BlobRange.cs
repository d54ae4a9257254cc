namespace Strata.Core.Files;

/// <summary>An inclusive byte range of a blob.</summary>
/// <param name="From">The first byte.</param>
/// <param name="To">The last byte (inclusive).</param>
public sealed record BlobRange(long From, long To)
{
    /// <summary>The number of bytes.</summary>
    public long Length => To - From + 1;
}
