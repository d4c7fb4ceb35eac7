using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Augment.Evaluation.Learning;

/// <summary>
/// The part of LightGBM's C API (<c>c_api.h</c>, 4.6) the classifiers use. The native library comes from the
/// <c>LightGBM</c> package (<c>runtimes/{linux,osx,win}-x64/native/lib_lightgbm.*</c>), the one ML.NET's
/// <c>Microsoft.ML.LightGbm</c> 6.0.0 itself loads.
/// </summary>
internal static partial class LightGbmNative
{
    private const string Library = "lib_lightgbm";

    public const int Float64 = 1;
    public const int Float32 = 0;
    public const int PredictNormal = 0;

    [LibraryImport(Library, EntryPoint = "LGBM_GetLastError")]
    private static partial IntPtr GetLastError();

    [LibraryImport(Library, EntryPoint = "LGBM_DatasetCreateFromMat", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int DatasetCreateFromMat(double* data, int dataType, int rows, int columns, int isRowMajor, string parameters, IntPtr reference, out DatasetHandle handle);

    [LibraryImport(Library, EntryPoint = "LGBM_DatasetSetField", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int DatasetSetField(DatasetHandle handle, string field, float* data, int count, int type);

    [LibraryImport(Library, EntryPoint = "LGBM_DatasetFree")]
    public static partial int DatasetFree(IntPtr handle);

    [LibraryImport(Library, EntryPoint = "LGBM_BoosterCreate", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int BoosterCreate(DatasetHandle train, string parameters, out BoosterHandle handle);

    [LibraryImport(Library, EntryPoint = "LGBM_BoosterAddValidData")]
    public static partial int BoosterAddValidData(BoosterHandle booster, DatasetHandle valid);

    [LibraryImport(Library, EntryPoint = "LGBM_BoosterUpdateOneIter")]
    public static partial int BoosterUpdateOneIter(BoosterHandle booster, out int isFinished);

    [LibraryImport(Library, EntryPoint = "LGBM_BoosterGetEval")]
    public static unsafe partial int BoosterGetEval(BoosterHandle booster, int dataIndex, out int length, double* results);

    [LibraryImport(Library, EntryPoint = "LGBM_BoosterPredictForMat", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int BoosterPredictForMat(BoosterHandle booster, double* data, int dataType, int rows, int columns, int isRowMajor, int predictType, int startIteration, int iterations, string parameters, out long length, double* results);

    [LibraryImport(Library, EntryPoint = "LGBM_BoosterFree")]
    public static partial int BoosterFree(IntPtr handle);

    /// <summary>Throws LightGBM's last error when <paramref name="code"/> is not 0.</summary>
    /// <exception cref="InvalidOperationException">The call failed.</exception>
    public static void Check(int code)
    {
        if (code != 0)
        {
            throw new InvalidOperationException($"LightGBM: {Marshal.PtrToStringUTF8(GetLastError())}");
        }
    }

    /// <summary>A LightGBM <c>DatasetHandle</c>.</summary>
    internal sealed class DatasetHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public DatasetHandle()
            : base(true)
        {
        }

        protected override bool ReleaseHandle() => DatasetFree(handle) == 0;
    }

    /// <summary>A LightGBM <c>BoosterHandle</c>.</summary>
    internal sealed class BoosterHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public BoosterHandle()
            : base(true)
        {
        }

        protected override bool ReleaseHandle() => BoosterFree(handle) == 0;
    }
}
