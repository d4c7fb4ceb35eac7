using Augment.Data;
using Augment.Pipeline.Quality.Constraints;
using Augment.Pipeline.Spec;
using static Augment.Pipeline.Tests.TestTables;

namespace Augment.Pipeline.Tests.Quality;

public class ConstraintSetTests
{
    private static readonly string[] Header = ["age", "start", "end", "sex", "relationship", "when", "hours per week"];

    private static DataTable Real() => Table(Header,
        ["30", "1.5", "2.5", "Male", "Husband", "2020-01-01", "40"],
        ["45", "0", "10", "Female", "Wife", "2021-06-30", "35"],
        ["22", "3", "3", "Female", "Unmarried", "2019-12-31", "20"],
        ["51", "2", "7.25", "Male", "Unmarried", null, "60"]);

    private static ConstraintChecker Checker(params string[] constraints)
    {
        var real = Real();
        return ConstraintSet.Parse(constraints, Schema(real)).Bind(real);
    }

    private static bool Holds(ConstraintChecker checker, params string?[] row) =>
        checker.FirstViolated(Table(Header, row), 0) < 0;

    [Theory]
    [InlineData("age >= 18", "17", false)]
    [InlineData("age >= 18", "18", true)]
    [InlineData("age < 60", "60", false)]
    [InlineData("age != 30", "30", false)]
    [InlineData("age = 30", "30", true)]
    [InlineData("18 <= age", "17", false)]
    public void Comparison_NumberAndColumn_ChecksTheRow(string constraint, string age, bool holds)
    {
        Assert.Equal(holds, Holds(Checker(constraint), age, "1", "2", "Male", "Husband", "2020-01-01", "40"));
    }

    [Theory]
    [InlineData("1", "2", true)]
    [InlineData("2", "2", true)]
    [InlineData("2.5", "2", false)]
    public void Comparison_TwoColumns_ComparesTheirValues(string start, string end, bool holds)
    {
        Assert.Equal(holds, Holds(Checker("start <= end"), "30", start, end, "Male", "Husband", "2020-01-01", "40"));
    }

    [Theory]
    [InlineData("Husband", "Male", true)]
    [InlineData("Husband", "Female", false)]
    [InlineData("Wife", "Male", false)]
    [InlineData("Unmarried", "Male", true)]
    public void Implication_OnlyAppliesWhenTheConditionHolds(string relationship, string sex, bool holds)
    {
        var checker = Checker("if relationship == 'Husband' then sex == \"Male\"", "IF relationship = 'Wife' THEN sex = 'Female'");
        Assert.Equal(holds, Holds(checker, "30", "1", "2", sex, relationship, "2020-01-01", "40"));
    }

    [Fact]
    public void Membership_AllowedAndNegatedSets()
    {
        var checker = Checker("relationship in {'Husband', 'Wife'}", "sex not in {'Other'}");

        Assert.True(Holds(checker, "30", "1", "2", "Male", "Wife", "2020-01-01", "40"));
        Assert.False(Holds(checker, "30", "1", "2", "Male", "Unmarried", "2020-01-01", "40"));
    }

    [Fact]
    public void Fixed_AllowsOnlyCombinationsSeenInTheRealRows()
    {
        var checker = Checker("fixed(sex, relationship)");

        Assert.True(Holds(checker, "30", "1", "2", "Female", "Wife", "2020-01-01", "40"));
        Assert.True(Holds(checker, "30", "1", "2", "Male", "Unmarried", "2020-01-01", "40"));
        Assert.False(Holds(checker, "30", "1", "2", "Male", "Wife", "2020-01-01", "40"));
    }

    [Fact]
    public void Conjunction_DatetimeAndQuotedColumn_AreRead()
    {
        var checker = Checker("when >= '2020-01-01' and `hours per week` <= 50");

        Assert.True(Holds(checker, "30", "1", "2", "Male", "Husband", "2020-01-01", "40"));
        Assert.False(Holds(checker, "30", "1", "2", "Male", "Husband", "2019-12-31", "40"));
        Assert.False(Holds(checker, "30", "1", "2", "Male", "Husband", "2020-01-01", "55"));
    }

    [Fact]
    public void MissingValue_PassesComparisonsThatReadIt()
    {
        Assert.True(Holds(Checker("when >= '2020-01-01'"), "30", "1", "2", "Male", "Husband", null, "40"));
    }

    [Fact]
    public void CountViolations_CountsEveryBrokenConstraintPerRow()
    {
        var checker = Checker("age >= 25", "start <= end");

        Assert.Equal([1, 0], checker.CountViolations(Real()));
    }

    [Theory]
    [InlineData("age >=", "expected a column, a number or a quoted text but found the end")]
    [InlineData("agee >= 3", "unknown column 'agee'")]
    [InlineData("sex < 'M'", "'<' compares numbers, but column 'sex' holds categorical text")]
    [InlineData("start == 'old'", "'==' compares numbers, but 'old' is text")]
    [InlineData("fixed(sex)", "fixed(...) needs at least two columns")]
    [InlineData("if age > 3 sex == 'Male'", "expected 'then'")]
    [InlineData("sex == 'Male", "unclosed ' quote")]
    [InlineData("3 < 4", "a comparison needs at least one column")]
    [InlineData("age > 3 4", "unexpected '4' after a complete constraint")]
    [InlineData("", "the constraint is empty")]
    [InlineData("age ! 3", "'!' must be followed by '='")]
    [InlineData("when > 'yesterday'", "'yesterday' is not a date in the format of column 'when'")]
    public void Parse_BadConstraint_OneLineReasonNamingIt(string constraint, string expected)
    {
        var ex = Assert.Throws<SpecException>(() => ConstraintSet.Parse(["age >= 0", constraint], Schema(Real())));

        Assert.Contains("constraint 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
