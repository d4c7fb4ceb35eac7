using System.Diagnostics;

namespace Augment.Tensors.Gemm;

/// <summary>
/// Persistent threads that run one parallel GEMM at a time: the caller hands a job to <c>threads − 1</c> workers,
/// runs its own share, and waits for theirs. A worker spins for a short while after each job before it blocks, so
/// the back-to-back products of a training step reach a running thread instead of waking a pool thread for each
/// (on a 2-core machine <see cref="Parallel"/>.For's wake-up and hand-off cost about as much as a 500×256×128
/// product itself, and the second core bought nothing at the networks' shapes). Written here because .NET offers
/// no spinning work-sharing region (OpenMP's, which OpenBLAS uses); the design is the usual one: one job at a time,
/// Dekker-style handshake between "job posted" and "worker asleep" so no wake-up is lost.
/// </summary>
internal static class GemmWorkers
{
    /// <summary>How long an idle worker spins before it blocks.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 2000;

    private static readonly Lock Gate = new();

    private static Worker[] workers = [];

    private static int arrived;

    private static int phase;

    /// <summary>
    /// Runs <paramref name="body"/>(0 … threads − 1) at once, index 0 on the calling thread. Returns false, having
    /// run nothing, when another product holds the workers (the caller then runs single-threaded).
    /// </summary>
    public static bool TryRun(int threads, Action<int> body)
    {
        if (!Gate.TryEnter())
        {
            return false;
        }

        try
        {
            if (workers.Length < threads - 1)
            {
                var grown = new Worker[threads - 1];
                workers.CopyTo(grown, 0);
                for (var i = workers.Length; i < grown.Length; i++)
                {
                    grown[i] = new Worker(i + 1);
                }

                workers = grown;
            }

            for (var i = 0; i < threads - 1; i++)
            {
                workers[i].Post(body);
            }

            Exception? failure = null;
            try
            {
                body(0);
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            for (var i = 0; i < threads - 1; i++)
            {
                failure ??= workers[i].Join();
            }

            if (failure is not null)
            {
                throw new AggregateException("A GEMM worker failed.", failure);
            }

            return true;
        }
        finally
        {
            Gate.Exit();
        }
    }

    /// <summary>
    /// Waits until all <paramref name="team"/> threads of the running job have arrived (a sense-reversing spin
    /// barrier: the last to arrive resets the count, then opens the next phase).
    /// </summary>
    public static void Barrier(int team)
    {
        var current = Volatile.Read(ref phase);
        if (Interlocked.Increment(ref arrived) == team)
        {
            Volatile.Write(ref arrived, 0);
            Volatile.Write(ref phase, current + 1);
            return;
        }

        var patience = Stopwatch.GetTimestamp() + SpinTicks;
        while (Volatile.Read(ref phase) == current)
        {
            Pause(patience);
        }
    }

    /// <summary>
    /// Spins briefly; yields the core only once <paramref name="patience"/> has passed. Yielding early is costly
    /// on a shared machine: Linux may hand the core to a low-priority process for a whole time slice, many times
    /// the wait being saved.
    /// </summary>
    private static void Pause(long patience)
    {
        if (Stopwatch.GetTimestamp() < patience)
        {
            Thread.SpinWait(16);
        }
        else
        {
            Thread.Yield();
        }
    }

    private sealed class Worker
    {
        private readonly int index;

        private readonly object sleep = new();

        private Action<int>? job;

        private Exception? error;

        private long posted;

        private long finished;

        private int sleeping;

        public Worker(int index)
        {
            this.index = index;
            var thread = new Thread(Loop) { IsBackground = true, Name = $"gemm-{index}" };
            thread.Start();
        }

        public void Post(Action<int> body)
        {
            job = body;
            error = null;
            Interlocked.Increment(ref posted);
            if (Volatile.Read(ref sleeping) == 1)
            {
                lock (sleep)
                {
                    Monitor.PulseAll(sleep);
                }
            }
        }

        public Exception? Join()
        {
            var target = Volatile.Read(ref posted);
            var patience = Stopwatch.GetTimestamp() + SpinTicks;
            while (Volatile.Read(ref finished) != target)
            {
                Pause(patience);
            }

            return error;
        }

        private void Loop()
        {
            long seen = 0;
            while (true)
            {
                var spinUntil = Stopwatch.GetTimestamp() + SpinTicks;
                while (Volatile.Read(ref posted) == seen)
                {
                    if (Stopwatch.GetTimestamp() < spinUntil)
                    {
                        Thread.SpinWait(32);
                        continue;
                    }

                    lock (sleep)
                    {
                        Interlocked.Exchange(ref sleeping, 1);
                        while (Volatile.Read(ref posted) == seen)
                        {
                            Monitor.Wait(sleep);
                        }

                        Interlocked.Exchange(ref sleeping, 0);
                    }

                    spinUntil = Stopwatch.GetTimestamp() + SpinTicks;
                }

                seen = Volatile.Read(ref posted);
                try
                {
                    job!(index);
                }
                catch (Exception ex)
                {
                    error = ex;
                }

                Volatile.Write(ref finished, seen);
            }
        }
    }
}
