package io.imgctl.application.port.out;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * For adapters: runs independent engine reads (one inspect per image, container or name) a few at a
 * time, keeping the order of the input. Each read is its own request, so they do not wait on each
 * other; the engine answers them concurrently. Inputs smaller than a bound run on the calling thread
 * (where the reads are so quick that starting threads would cost more).
 */
public final class ParallelReads {

    private final int threads;
    private final int sequentialBelow;
    private final String threadName;

    /**
     * @param threads          how many reads at most at once
     * @param sequentialBelow  inputs with fewer items than this run one after the other on the calling thread
     * @param threadName       the name of the reading threads
     */
    public ParallelReads(int threads, int sequentialBelow, String threadName) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.threads = threads;
        this.sequentialBelow = sequentialBelow;
        this.threadName = Objects.requireNonNull(threadName, "threadName");
    }

    public int threads() {
        return threads;
    }

    /**
     * {@code read} applied to every input, results in the inputs' order. The first failure in input
     * order is rethrown as it was thrown (wrapped only when it is a checked exception); the reads still
     * running are then interrupted.
     */
    public <T, R> List<R> map(List<T> inputs, Function<T, R> read) {
        List<R> results = new ArrayList<>(inputs.size());
        if (inputs.size() < sequentialBelow) {
            for (T input : inputs) {
                results.add(read.apply(input));
            }
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, inputs.size()), task -> {
            Thread t = new Thread(task, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>(inputs.size());
            for (T input : inputs) {
                futures.add(pool.submit(() -> read.apply(input)));
            }
            for (Future<R> future : futures) {
                results.add(await(future));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <R> R await(Future<R> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading from the engine", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
