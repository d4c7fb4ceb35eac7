namespace Augment.Data;

/// <summary>
/// A column's cells collected in fixed 16,384-cell chunks, then copied once into an exact array: unlike a growing list
/// (which doubles, then copies again to trim) it never holds more than one chunk of spare references.
/// </summary>
internal sealed class ColumnBuilder
{
    private const int ChunkSize = 1 << 14;
    private readonly List<string?[]> _chunks = [];
    private string?[] _current = new string?[ChunkSize];
    private int _used;

    public int Count => (_chunks.Count * ChunkSize) + _used;

    public void Add(string? cell)
    {
        if (_used == ChunkSize)
        {
            _chunks.Add(_current);
            _current = new string?[ChunkSize];
            _used = 0;
        }

        _current[_used++] = cell;
    }

    public string?[] ToArray()
    {
        var result = new string?[Count];
        var at = 0;
        foreach (var chunk in _chunks)
        {
            chunk.CopyTo(result, at);
            at += ChunkSize;
        }

        _current.AsSpan(0, _used).CopyTo(result.AsSpan(at));
        return result;
    }
}
