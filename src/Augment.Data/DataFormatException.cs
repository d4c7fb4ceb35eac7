namespace Augment.Data;

/// <summary>
/// A data file cannot be read as a table. The message is one line that a user can act on and, where it
/// applies, names the 1-based line and column.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Initializes a new instance with no detail.</summary>
    public DataFormatException()
        : this("The data is not a valid CSV table.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">A one-line message.</param>
    public DataFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">A one-line message.</param>
    /// <param name="innerException">The cause.</param>
    public DataFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance that names a position in the file.</summary>
    /// <param name="message">A one-line message, without the position.</param>
    /// <param name="line">The 1-based line, or <see langword="null"/>.</param>
    /// <param name="column">The 1-based column (field), or <see langword="null"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public DataFormatException(string message, long? line, int? column, Exception? innerException = null)
        : base(Compose(message, line, column), innerException)
    {
        Line = line;
        Column = column;
    }

    /// <summary>Gets the 1-based line of the problem, when known.</summary>
    public long? Line { get; }

    /// <summary>Gets the 1-based column (field number) of the problem, when known.</summary>
    public int? Column { get; }

    /// <summary>Gets the <see cref="CsvReadOptions"/> limit the file went past, or null when the file is malformed instead.</summary>
    public CsvLimit? Limit { get; init; }

    private static string Compose(string message, long? line, int? column) => (line, column) switch
    {
        (null, null) => message,
        ({ } l, null) => $"Line {l}: {message}",
        (null, { } c) => $"Column {c}: {message}",
        ({ } l, { } c) => $"Line {l}, column {c}: {message}",
    };
}

/// <summary>The limits of <see cref="CsvReadOptions"/>.</summary>
public enum CsvLimit
{
    /// <summary><see cref="CsvReadOptions.MaxRows"/>.</summary>
    Rows,

    /// <summary><see cref="CsvReadOptions.MaxColumns"/>.</summary>
    Columns,

    /// <summary><see cref="CsvReadOptions.MaxCellLength"/>.</summary>
    CellLength,
}
