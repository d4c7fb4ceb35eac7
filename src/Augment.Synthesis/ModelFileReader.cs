using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Augment.Synthesis;

/// <summary>
/// Reads a JSON model file and builds its generator, turning every way the file can be wrong (not JSON, null, members
/// missing or inconsistent, the generator's own validation) into one <see cref="InvalidDataException"/> that names the
/// model kind.
/// </summary>
internal static class ModelFileReader
{
    /// <summary>Deserialises <paramref name="source"/> and passes the file to <paramref name="create"/>.</summary>
    /// <param name="source">The model file; left open.</param>
    /// <param name="type">The file's source-generated JSON type.</param>
    /// <param name="create">Validates the file and builds the generator; throws <see cref="InvalidDataException"/> when invalid.</param>
    /// <param name="kind">The model's name in error messages, e.g. <c>Gaussian copula</c>.</param>
    public static TModel Load<TFile, TModel>(Stream source, JsonTypeInfo<TFile> type, Func<TFile, TModel> create, string kind)
        where TFile : class
    {
        ArgumentNullException.ThrowIfNull(source);
        TFile? file;
        try
        {
            file = JsonSerializer.Deserialize(source, type);
        }
        catch (JsonException ex)
        {
            throw Invalid(kind, $"it is not model JSON ({ex.Message.Split('\n')[0]})", ex);
        }

        try
        {
            return create(file ?? throw new InvalidDataException("it is empty (null)"));
        }
        catch (InvalidDataException ex)
        {
            throw Invalid(kind, ex.Message, ex);
        }
        catch (Exception ex) when (ex is NullReferenceException or ArgumentException or IndexOutOfRangeException)
        {
            throw Invalid(kind, "required members are missing or inconsistent", ex);
        }
    }

    private static InvalidDataException Invalid(string kind, string reason, Exception inner) =>
        new($"The file is not a valid {kind} model: {reason}.", inner);
}
