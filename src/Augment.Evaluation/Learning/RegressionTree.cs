namespace Augment.Evaluation.Learning;

/// <summary>
/// One regression tree on binned features, grown leaf-wise (best gain first, as LightGBM) from gradient/hessian
/// histograms. Numeric splits send bins ≤ t left; categorical splits sort the categories by G/(H+λ) and send a
/// prefix left (LightGBM's many-vs-many categorical split). Leaf value = −G/(H+λ)·learning rate.
/// </summary>
internal sealed class RegressionTree
{
    private readonly List<int> _feature = [];
    private readonly List<bool[]?> _goesLeft = [];
    private readonly List<int> _left = [];
    private readonly List<int> _right = [];
    private readonly List<double> _value = [];

    public double Predict(byte[][] bins, int row)
    {
        var node = 0;
        while (_feature[node] >= 0)
        {
            node = _goesLeft[node]![bins[_feature[node]][row]] ? _left[node] : _right[node];
        }

        return _value[node];
    }

    /// <summary>Grows a tree on <paramref name="rows"/> (reordered in place) and adds its output to <paramref name="scores"/>.</summary>
    public static RegressionTree Grow(byte[][] bins, int[] binCounts, bool[] categorical, double[] grad, double[] hess, int[] rows, GbtOptions options, Span<double> scores, int scoreStride, int scoreOffset)
    {
        var tree = new RegressionTree();
        var buffer = new int[rows.Length];
        var root = tree.NewLeaf();
        var leaves = new List<Leaf> { Evaluate(new Leaf(root, 0, rows.Length, 0, Histogram.Build(bins, binCounts, grad, hess, rows, 0, rows.Length)), binCounts, categorical, options) };
        while (leaves.Count < options.MaxLeaves)
        {
            var best = -1;
            for (var i = 0; i < leaves.Count; i++)
            {
                if (leaves[i].Split is { } s && s.Gain > 1e-12 && (best < 0 || s.Gain > leaves[best].Split!.Gain))
                {
                    best = i;
                }
            }

            if (best < 0)
            {
                break;
            }

            var leaf = leaves[best];
            var split = leaf.Split!;
            var column = bins[split.Feature];
            int l = leaf.Start, r = 0;
            for (var i = leaf.Start; i < leaf.Start + leaf.Count; i++)
            {
                var row = rows[i];
                if (split.GoesLeft[column[row]])
                {
                    rows[l++] = row;
                }
                else
                {
                    buffer[r++] = row;
                }
            }

            Array.Copy(buffer, 0, rows, l, r);
            var leftCount = l - leaf.Start;
            var leftNode = tree.NewLeaf();
            var rightNode = tree.NewLeaf();
            tree._feature[leaf.Node] = split.Feature;
            tree._goesLeft[leaf.Node] = split.GoesLeft;
            tree._left[leaf.Node] = leftNode;
            tree._right[leaf.Node] = rightNode;
            var smallLeft = leftCount <= leaf.Count - leftCount;
            var small = smallLeft
                ? Histogram.Build(bins, binCounts, grad, hess, rows, leaf.Start, leftCount)
                : Histogram.Build(bins, binCounts, grad, hess, rows, l, leaf.Count - leftCount);
            var large = leaf.Hist.Minus(small);
            var leftLeaf = new Leaf(leftNode, leaf.Start, leftCount, leaf.Depth + 1, smallLeft ? small : large);
            var rightLeaf = new Leaf(rightNode, l, leaf.Count - leftCount, leaf.Depth + 1, smallLeft ? large : small);
            leaves[best] = Evaluate(leftLeaf, binCounts, categorical, options);
            leaves.Add(Evaluate(rightLeaf, binCounts, categorical, options));
        }

        foreach (var leaf in leaves)
        {
            var (g, h, _) = leaf.Hist.Totals();
            var value = -g / (h + options.Lambda) * options.LearningRate;
            tree._value[leaf.Node] = value;
            for (var i = leaf.Start; i < leaf.Start + leaf.Count; i++)
            {
                scores[(rows[i] * scoreStride) + scoreOffset] += value;
            }
        }

        return tree;
    }

    private int NewLeaf()
    {
        _feature.Add(-1);
        _goesLeft.Add(null);
        _left.Add(-1);
        _right.Add(-1);
        _value.Add(0);
        return _feature.Count - 1;
    }

    private static Leaf Evaluate(Leaf leaf, int[] binCounts, bool[] categorical, GbtOptions options)
    {
        if (leaf.Depth >= options.MaxDepth || leaf.Count < 2 * options.MinLeafRows)
        {
            return leaf;
        }

        var (gt, ht, ct) = leaf.Hist.Totals();
        var parent = gt * gt / (ht + options.Lambda);
        Split? best = null;
        Span<int> order = stackalloc int[HistogramBinner.MaxBins];
        Span<double> keys = stackalloc double[HistogramBinner.MaxBins];
        for (var f = 0; f < binCounts.Length; f++)
        {
            var nb = 0;
            for (var b = 0; b < binCounts[f]; b++)
            {
                if (leaf.Hist.Count(f, b) > 0)
                {
                    order[nb] = b;
                    keys[nb++] = categorical[f] ? leaf.Hist.G(f, b) / (leaf.Hist.H(f, b) + options.Lambda) : b;
                }
            }

            if (nb < 2)
            {
                continue;
            }

            keys[..nb].Sort(order[..nb]);
            double gl = 0, hl = 0, cl = 0;
            for (var i = 0; i < nb - 1; i++)
            {
                var b = order[i];
                gl += leaf.Hist.G(f, b);
                hl += leaf.Hist.H(f, b);
                cl += leaf.Hist.Count(f, b);
                var gr = gt - gl;
                var hr = ht - hl;
                if (cl < options.MinLeafRows || ct - cl < options.MinLeafRows || hl < options.MinHessian || hr < options.MinHessian)
                {
                    continue;
                }

                var gain = (gl * gl / (hl + options.Lambda)) + (gr * gr / (hr + options.Lambda)) - parent;
                if (best is null || gain > best.Gain)
                {
                    var goesLeft = new bool[256];
                    for (var j = 0; j <= i; j++)
                    {
                        goesLeft[order[j]] = true;
                    }

                    if (!categorical[f])
                    {
                        // Numeric: every bin up to the threshold goes left, empty ones included.
                        for (var j = 0; j <= order[i]; j++)
                        {
                            goesLeft[j] = true;
                        }
                    }

                    best = new Split(f, gain, goesLeft);
                }
            }
        }

        return leaf with { Split = best };
    }

    private sealed record Split(int Feature, double Gain, bool[] GoesLeft);

    private sealed record Leaf(int Node, int Start, int Count, int Depth, Histogram Hist)
    {
        public Split? Split { get; init; }
    }
}
