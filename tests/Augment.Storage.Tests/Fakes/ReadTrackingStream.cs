using System.Security.Cryptography;

namespace Augment.Storage.Tests.Fakes;

/// <summary>
/// A forward-only stream of deterministic pseudo-random bytes that records the largest single read request and
/// throws on any seek, so tests can prove an upload streams instead of buffering or rewinding.
/// </summary>
internal sealed class ReadTrackingStream(long length, int seed) : Stream
{
    private readonly Random _random = new(seed);
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _position;

    public int LargestReadRequest { get; private set; }

    public int ReadCalls { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("forward-only");

    public override long Position
    {
        get => throw new NotSupportedException("forward-only");
        set => throw new NotSupportedException("forward-only");
    }

    /// <summary>SHA-256 of everything handed out so far (call after the stream was read to the end).</summary>
    public byte[] Sha256() => _hash.GetCurrentHash();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ReadCalls++;
        LargestReadRequest = Math.Max(LargestReadRequest, buffer.Length);
        var n = (int)Math.Min(buffer.Length, length - _position);
        var chunk = buffer[..n];
        _random.NextBytes(chunk);
        _hash.AppendData(chunk);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("Seek must never be called.");

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
