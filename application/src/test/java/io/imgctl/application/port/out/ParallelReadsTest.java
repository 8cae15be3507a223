package io.imgctl.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelReadsTest {

    private final ParallelReads reads = new ParallelReads(8, 16, "imgctl-test-read");

    @Test
    void keepsTheInputOrderAndUsesSeveralThreadsForLargeInputs() {
        List<Integer> inputs = IntStream.range(0, 100).boxed().toList();
        Set<String> threads = ConcurrentHashMap.newKeySet();

        List<Integer> out = reads.map(inputs, i -> {
            threads.add(Thread.currentThread().getName());
            return i * 2;
        });

        assertThat(out).isEqualTo(inputs.stream().map(i -> i * 2).toList());
        assertThat(threads).allMatch(name -> name.equals("imgctl-test-read"));
    }

    @Test
    void smallInputsRunOnTheCallingThread() {
        String caller = Thread.currentThread().getName();

        assertThat(reads.map(List.of(1, 2), i -> Thread.currentThread().getName())).containsOnly(caller);
        assertThat(reads.map(IntStream.range(0, 15).boxed().toList(), i -> Thread.currentThread().getName()))
                .containsOnly(caller);
    }

    @Test
    void runsUpToTheGivenNumberAtOnceAndNoMore() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch fourIn = new CountDownLatch(4);

        new ParallelReads(4, 2, "imgctl-test-read").map(IntStream.range(0, 12).boxed().toList(), i -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            fourIn.countDown();
            try {
                fourIn.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return i;
        });

        assertThat(most.get()).isEqualTo(4);
    }

    @Test
    void theFirstFailureInInputOrderIsRethrownAsItIs() {
        List<Integer> inputs = IntStream.range(0, 50).boxed().toList();

        assertThatThrownBy(() -> reads.map(inputs, i -> {
            if (i == 30) {
                throw new NotFoundException("gone: " + i);
            }
            return i;
        })).isInstanceOf(NotFoundException.class).hasMessage("gone: 30");
    }

    @Test
    void atLeastOneThread() {
        assertThatThrownBy(() -> new ParallelReads(0, 2, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
