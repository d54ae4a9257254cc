using System.Net;
using System.Runtime.CompilerServices;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Strata.Core.Files;

namespace Strata.S3;

/// <summary>
/// Blobs in an S3-compatible bucket (AWS S3, MinIO, s3rver, ...): a key is the object key. Puts are single requests,
/// so readers see the old or the new object, never half of one.
/// </summary>
public sealed class S3BlobStore : IBlobStore
{
    private readonly IAmazonS3 _client;
    private readonly string _bucket;

    /// <summary>Creates the store over a client.</summary>
    /// <param name="client">The S3 client.</param>
    /// <param name="bucket">The bucket.</param>
    public S3BlobStore(IAmazonS3 client, string bucket)
    {
        _client = client;
        _bucket = bucket;
    }

    /// <inheritdoc />
    public string Kind => "s3";

    /// <summary>Makes a store from the <c>s3</c> settings (contract §8.2).</summary>
    /// <param name="settings">The settings.</param>
    public static IBlobStore Create(S3Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var region = settings.Region.Length > 0 ? settings.Region : "us-east-1";
        var config = new AmazonS3Config
        {
            ForcePathStyle = settings.ForcePathStyle,
            // Checksums only where S3 requires them: S3-compatible servers do not all understand the trailing
            // checksums and aws-chunked bodies the SDK would otherwise send.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = 2,
        };
        if (settings.Endpoint.Length > 0)
        {
            config.ServiceURL = settings.Endpoint;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return new S3BlobStore(new AmazonS3Client(new BasicAWSCredentials(settings.AccessKey, settings.Secret), config), settings.Bucket);
    }

    /// <summary>Creates the bucket when it does not exist (tests and first-run setups; production buckets are made by their owners).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task EnsureBucketAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _client.PutBucketAsync(new PutBucketRequest { BucketName = _bucket }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
        }
    }

    /// <inheritdoc />
    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        BlobKeys.Check(key);
        await _client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _bucket,
            Key = key,
            InputStream = content,
            ContentType = contentType,
            AutoCloseStream = false,
            UseChunkEncoding = false,
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Stream?> GetAsync(string key, BlobRange? range = null, CancellationToken cancellationToken = default)
    {
        BlobKeys.Check(key);
        var request = new GetObjectRequest { BucketName = _bucket, Key = key };
        if (range is not null)
        {
            request.ByteRange = new ByteRange(range.From, range.To);
        }

        try
        {
            var response = await _client.GetObjectAsync(request, cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<BlobInfo?> StatAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKeys.Check(key);
        try
        {
            var meta = await _client.GetObjectMetadataAsync(_bucket, key, cancellationToken);
            var modified = meta.LastModified is { } lm ? new DateTimeOffset(lm.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.UnixEpoch;
            return new BlobInfo(meta.ContentLength, modified);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        await StatAsync(key, cancellationToken) is not null;

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        BlobKeys.Check(prefix);
        string? token = null;
        do
        {
            var page = await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix, ContinuationToken = token }, cancellationToken);
            foreach (var o in page.S3Objects ?? [])
            {
                yield return o.Key;
            }

            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKeys.Check(key);
        await _client.DeleteObjectAsync(_bucket, key, cancellationToken);
    }

    /// <inheritdoc />
    public async Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (!prefix.EndsWith('/'))
        {
            throw new ArgumentException("A prefix is a folder and ends with '/'.", nameof(prefix));
        }

        // One DELETE per object: every S3-compatible server has it, unlike the multi-object delete.
        var keys = new List<string>();
        await foreach (var key in ListAsync(prefix, cancellationToken))
        {
            keys.Add(key);
        }

        foreach (var key in keys)
        {
            await _client.DeleteObjectAsync(_bucket, key, cancellationToken);
        }
    }
}
