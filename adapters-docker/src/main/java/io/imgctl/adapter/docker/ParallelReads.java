package io.imgctl.adapter.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs independent daemon reads (one inspect per image or container) a few at a time, keeping the
 * order of the input. Each read opens its own connection, so they do not wait on each other; the
 * daemon answers them concurrently. Small inputs run on the calling thread.
 */
final class ParallelReads {

    static final int THREADS = 8;

    private ParallelReads() {
    }

    static <T, R> List<R> map(List<T> inputs, Function<T, R> read) {
        List<R> results = new ArrayList<>(inputs.size());
        if (inputs.size() < 2 * THREADS) {
            for (T input : inputs) {
                results.add(read.apply(input));
            }
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, task -> {
            Thread t = new Thread(task, "imgctl-docker-read");
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
