using Augment.Durable.Engine;

namespace Augment.Durable.Tests;

public sealed class RetryPolicyTests
{
    [Fact]
    public void DelayAfter_BackoffWithCap_GrowsGeometricallyUntilCapped()
    {
        var policy = new RetryPolicy(10, TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(5));

        var delays = Enumerable.Range(1, 5).Select(n => policy.DelayAfter(n).TotalSeconds);

        Assert.Equal([1.0, 2, 4, 5, 5], delays);
    }

    [Fact]
    public void ShouldRetry_AttemptsPredicateAndNonRetriable_AllRespected()
    {
        var policy = new RetryPolicy(3, TimeSpan.FromSeconds(1), handle: f => f.ErrorType != "Fatal");
        var plain = new FailureDetails("Transient", "x");

        Assert.True(policy.ShouldRetry(1, plain));
        Assert.True(policy.ShouldRetry(2, plain));
        Assert.False(policy.ShouldRetry(3, plain));
        Assert.False(policy.ShouldRetry(1, new FailureDetails("Fatal", "x")));
        Assert.False(policy.ShouldRetry(1, plain with { IsNonRetriable = true }));
    }

    [Theory]
    [InlineData(0, 1.0, 1.0)]
    [InlineData(2, 0.0, 1.0)]
    [InlineData(2, 1.0, 0.5)]
    [InlineData(2, 1.0, double.NaN)]
    public void Constructor_OutOfRange_Throws(int attempts, double firstSeconds, double coefficient)
    {
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new RetryPolicy(attempts, TimeSpan.FromSeconds(firstSeconds), coefficient));
    }

    [Fact]
    public void ListContinuation_RoundTripAndGarbage_DecodesOrThrowsArgumentException()
    {
        var token = new ListContinuation("run:0001", "marker/with=odd chars").Encode();

        Assert.Equal(new ListContinuation("run:0001", "marker/with=odd chars"), ListContinuation.Decode(token));
        Assert.Equal(new ListContinuation("a", null), ListContinuation.Decode(new ListContinuation("a", null).Encode()));
        Assert.Null(ListContinuation.Decode(null));
        Assert.Throws<ArgumentException>(() => ListContinuation.Decode("%%%"));
        Assert.Throws<ArgumentException>(() => ListContinuation.Decode("bm8tbmV3bGluZQ"));
    }
}
