using System.Globalization;
using System.Text;

namespace Augment.App.Tests.Support;

/// <summary>A small seeded tabular dataset with an imbalanced class column, for runs that must finish quickly.</summary>
internal static class SampleCsv
{
    public static string Make(int rows, int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder("age,hours,sex,income\n");
        for (var i = 0; i < rows; i++)
        {
            var rich = random.NextDouble() < 0.25;
            var age = 20 + random.Next(45) + (rich ? 8 : 0);
            var hours = 30 + random.Next(25) + (rich ? 6 : 0);
            var sex = random.NextDouble() < 0.6 ? "Male" : "Female";
            sb.Append(CultureInfo.InvariantCulture, $"{age},{hours},{sex},{(rich ? ">50K" : "<=50K")}\n");
        }

        return sb.ToString();
    }
}
