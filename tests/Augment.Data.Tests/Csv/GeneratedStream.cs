namespace Augment.Data.Tests;

/// <summary>A read-only stream that produces a prefix, then <c>count</c> copies of a byte, then a suffix, without holding them.</summary>
internal sealed class GeneratedStream(byte[] prefix, byte fill, long count, byte[] suffix) : Stream
{
    private long _position;

    public long BytesRead => _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => prefix.Length + count + suffix.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int length)
    {
        var written = 0;
        while (written < length && _position < Length)
        {
            var p = _position;
            buffer[offset + written] = p < prefix.Length ? prefix[p]
                : p < prefix.Length + count ? fill
                : suffix[p - prefix.Length - count];
            _position++;
            written++;
        }

        return written;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
