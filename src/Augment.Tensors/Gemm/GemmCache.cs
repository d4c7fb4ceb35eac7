using System.Globalization;

namespace Augment.Tensors.Gemm;

/// <summary>
/// This CPU's L1d and L2 sizes (per core), read once from Linux's
/// <c>/sys/devices/system/cpu/cpu0/cache/index*/</c>; 32 KiB and 512 KiB where they cannot be read.
/// </summary>
internal static class GemmCache
{
    private const string Root = "/sys/devices/system/cpu/cpu0/cache";

    public static readonly int L1Data = Read(1, "Data") ?? 32 * 1024;

    public static readonly int L2 = Read(2, "Unified") ?? 512 * 1024;

    private static int? Read(int level, string type)
    {
        try
        {
            if (!Directory.Exists(Root))
            {
                return null;
            }

            foreach (var dir in Directory.EnumerateDirectories(Root, "index*"))
            {
                if (File.ReadAllText(Path.Combine(dir, "level")).Trim() != level.ToString(CultureInfo.InvariantCulture)
                    || File.ReadAllText(Path.Combine(dir, "type")).Trim() != type)
                {
                    continue;
                }

                var text = File.ReadAllText(Path.Combine(dir, "size")).Trim();
                var scale = text.EndsWith('K') ? 1024 : text.EndsWith('M') ? 1024 * 1024 : 1;
                return int.TryParse(text.TrimEnd('K', 'M'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
                    ? v * scale
                    : null;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
