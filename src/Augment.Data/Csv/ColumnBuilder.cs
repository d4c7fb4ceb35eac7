namespace Augment.Data;

/// <summary>
/// A column's cells collected in fixed 16,384-cell chunks, then copied once into an exact array: unlike a growing list
/// (which doubles, then copies again to trim) it never holds more than one chunk of spare references. Repeated values
/// share one string while the column has at most <see cref="MaxShared"/> distinct values (categories, small counts,
/// flags: most columns of most tables), so a table held in memory costs one reference per cell, not one string: at
/// 1,950,000 rows × 15 columns this is what decides whether the pipeline's largest stages stay within 2 GB.
/// </summary>
internal sealed class ColumnBuilder
{
    /// <summary>Distinct values a column may have and still share its strings; past it sharing stops.</summary>
    internal const int MaxShared = 1 << 16;

    private const int ChunkSize = 1 << 14;
    private readonly List<string?[]> _chunks = [];
    private string?[] _current = new string?[ChunkSize];
    private Dictionary<string, string>? _distinct = new(StringComparer.Ordinal);
    private int _used;

    public int Count => (_chunks.Count * ChunkSize) + _used;

    public void Add(string? cell)
    {
        if (cell is not null && _distinct is not null)
        {
            if (_distinct.TryGetValue(cell, out var shared))
            {
                cell = shared;
            }
            else if (_distinct.Count < MaxShared)
            {
                _distinct.Add(cell, cell);
            }
            else
            {
                _distinct = null;
            }
        }

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
        _distinct = null;
        return result;
    }
}
