using System.Text;

namespace Augment.Data;

/// <summary>
/// Finds a CSV's text encoding from its first bytes, so a file saved as UTF-16 (Excel's "Unicode text", PowerShell's
/// default) reads like UTF-8 instead of failing as binary: a UTF-16 or UTF-32 byte order mark, or UTF-16 without one
/// (every other byte of the first characters NUL). Anything else is read as UTF-8 (with or without its BOM), where the
/// reader's own check names bytes that are not UTF-8. The .NET library transcodes (<see cref="Encoding.CreateTranscodingStream"/>);
/// what it does not offer is the sniffing on a stream that cannot seek (a blob download), hence this class.
/// </summary>
internal static class CsvEncoding
{
    /// <summary>A stream of UTF-8 bytes with the content of <paramref name="stream"/>, and the encoding found.</summary>
    public static async Task<(Stream Utf8, Encoding Found)> ToUtf8Async(Stream stream, CancellationToken cancellationToken)
    {
        var head = new byte[4];
        var length = 0;
        while (length < head.Length)
        {
            var read = await stream.ReadAsync(head.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        var prefixed = new PrefixedStream(head.AsMemory(0, length), stream);
        var encoding = Detect(head.AsSpan(0, length));
        return encoding is UTF8Encoding ? (prefixed, encoding) : (Encoding.CreateTranscodingStream(prefixed, encoding, Encoding.UTF8, leaveOpen: true), encoding);
    }

    /// <summary>The encoding the first bytes of a text file show.</summary>
    internal static Encoding Detect(ReadOnlySpan<byte> head) => head switch
    {
        [0xFF, 0xFE, 0x00, 0x00, ..] => new UTF32Encoding(bigEndian: false, byteOrderMark: true, throwOnInvalidCharacters: true),
        [0x00, 0x00, 0xFE, 0xFF, ..] => new UTF32Encoding(bigEndian: true, byteOrderMark: true, throwOnInvalidCharacters: true),
        [0xFF, 0xFE, ..] => new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true),
        [0xFE, 0xFF, ..] => new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true),
        [not 0x00, 0x00, not 0x00, 0x00, ..] => new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true),
        [0x00, not 0x00, 0x00, not 0x00, ..] => new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true),
        _ => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
    };

    /// <summary>Bytes already read from a stream, then the rest of the stream (read only, forward only).</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty)
            {
                return inner.Read(buffer);
            }

            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_prefix.IsEmpty)
            {
                return inner.ReadAsync(buffer, cancellationToken);
            }

            return ValueTask.FromResult(Read(buffer.Span));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
