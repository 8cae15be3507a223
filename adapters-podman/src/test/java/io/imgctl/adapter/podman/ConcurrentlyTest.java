package io.imgctl.adapter.podman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrentlyTest {

    @Test
    void runsEveryTaskAndReturnsWhenAllHaveEnded() {
        Set<Integer> done = ConcurrentHashMap.newKeySet();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            tasks.add(() -> {
                done.add(n);
                return null;
            });
        }

        Concurrently.run(tasks, 4, "test");

        assertThat(done).hasSize(50);
    }

    @Test
    void runsUpToTheGivenNumberAtOnceAndNoMore() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch fourIn = new CountDownLatch(4);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            tasks.add(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                fourIn.countDown();
                fourIn.await(5, TimeUnit.SECONDS);
                running.decrementAndGet();
                return null;
            });
        }

        Concurrently.run(tasks, 4, "test");

        assertThat(most.get()).isEqualTo(4);
    }

    @Test
    void rethrowsTheFirstFailureInTheTasksOrderAfterAllHaveEnded() {
        AtomicInteger ran = new AtomicInteger();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            tasks.add(() -> {
                ran.incrementAndGet();
                if (n == 2 || n == 5) {
                    throw new IllegalArgumentException("task " + n);
                }
                return null;
            });
        }

        assertThatThrownBy(() -> Concurrently.run(tasks, 3, "test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("task 2");
        assertThat(ran.get()).isEqualTo(8);
    }

    @Test
    void aSingleTaskRunsOnTheCallingThreadAndACheckedFailureIsWrapped() {
        Thread caller = Thread.currentThread();
        List<Thread> ranOn = new ArrayList<>();

        Concurrently.run(List.of(() -> ranOn.add(Thread.currentThread())), 4, "test");

        assertThat(ranOn).containsExactly(caller);
        assertThatThrownBy(() -> Concurrently.run(List.of(() -> {
            throw new IOException("broken pipe");
        }), 4, "test")).isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(IOException.class);
        Concurrently.run(List.of(), 4, "test");
    }
}
