namespace Ablation.Experiments.Data;

/// <summary>
/// Prepares items 0..count-1 on background threads, at most <c>2 x threads</c> ahead of the consumer, and
/// yields them in index order. Which thread prepares which item does not change the result when
/// <c>prepare</c> depends on the index alone (the pipelines seed each sample's generator by its index).
/// A failure in a worker stops the others and is rethrown to the consumer.
/// </summary>
public static class OrderedPrefetch
{
    public static IEnumerable<T> Run<T>(int count, int threads, Func<int, T> prepare, string name) where T : class
    {
        if (threads == 0)
        {
            for (int b = 0; b < count; b++) yield return prepare(b);
            yield break;
        }
        var ready = new T?[count];
        int depth = Math.Max(2, 2 * threads);
        int nextToClaim = 0, consumed = 0;
        bool stop = false;
        Exception? failure = null;
        var gate = new object();

        void Work()
        {
            try
            {
                while (true)
                {
                    int b;
                    lock (gate)
                    {
                        while (!stop && nextToClaim < count && nextToClaim >= consumed + depth) Monitor.Wait(gate);
                        if (stop || nextToClaim >= count) return;
                        b = nextToClaim++;
                    }
                    var item = prepare(b);
                    lock (gate)
                    {
                        ready[b] = item;
                        Monitor.PulseAll(gate);
                    }
                }
            }
            catch (Exception e)
            {
                lock (gate)
                {
                    failure ??= e;
                    stop = true;
                    Monitor.PulseAll(gate);
                }
            }
        }

        var workers = new Thread[Math.Min(threads, Math.Max(count, 1))];
        for (int t = 0; t < workers.Length; t++)
        {
            workers[t] = new Thread(Work) { IsBackground = true, Name = $"{name}-{t}" };
            workers[t].Start();
        }
        try
        {
            for (int b = 0; b < count; b++)
            {
                T item;
                lock (gate)
                {
                    while (ready[b] is null && failure is null) Monitor.Wait(gate);
                    if (failure is not null)
                        throw failure is DataFormatException ? failure : new InvalidOperationException($"the data pipeline failed: {failure.Message}", failure);
                    item = ready[b]!;
                    ready[b] = null;
                    consumed = b + 1;
                    Monitor.PulseAll(gate);
                }
                yield return item;
            }
        }
        finally
        {
            lock (gate)
            {
                stop = true;
                Monitor.PulseAll(gate);
            }
            foreach (var w in workers) w.Join();
        }
    }
}
