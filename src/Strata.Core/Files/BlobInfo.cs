namespace Strata.Core.Files;

/// <summary>What a store knows about a blob.</summary>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Modified">When it was last written.</param>
public sealed record BlobInfo(long Size, DateTimeOffset Modified);
