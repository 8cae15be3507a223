package io.imgctl.adapter.podman;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs independent calls to the service a few at a time and waits for all of them. */
final class Concurrently {

    private Concurrently() {
    }

    /**
     * Runs every task, at most {@code threads} at once (on the calling thread when there is only one
     * task), and returns when all have ended. The first task's failure, in the given order, is rethrown
     * as it was thrown (a runtime exception; anything else is wrapped) once all have ended.
     */
    static void run(List<? extends Callable<?>> tasks, int threads, String threadName) {
        if (tasks.isEmpty()) {
            return;
        }
        if (tasks.size() == 1) {
            call(tasks.get(0));
            return;
        }
        AtomicInteger names = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tasks.size()), task -> {
            Thread t = new Thread(task, threadName + "-" + names.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>(tasks.size());
            for (Callable<?> task : tasks) {
                futures.add(pool.submit(task));
            }
            RuntimeException first = null;
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the service", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void call(Callable<?> task) {
        try {
            task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
