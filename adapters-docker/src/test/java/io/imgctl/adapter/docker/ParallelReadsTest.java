package io.imgctl.adapter.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imgctl.application.port.out.NotFoundException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelReadsTest {

    @Test
    void keepsTheInputOrderAndUsesSeveralThreadsForLargeInputs() {
        List<Integer> inputs = IntStream.range(0, 100).boxed().toList();
        Set<String> threads = ConcurrentHashMap.newKeySet();

        List<Integer> out = ParallelReads.map(inputs, i -> {
            threads.add(Thread.currentThread().getName());
            return i * 2;
        });

        assertThat(out).isEqualTo(inputs.stream().map(i -> i * 2).toList());
        assertThat(threads).allMatch(name -> name.equals("imgctl-docker-read"));
    }

    @Test
    void smallInputsRunOnTheCallingThread() {
        String caller = Thread.currentThread().getName();

        assertThat(ParallelReads.map(List.of(1, 2), i -> Thread.currentThread().getName())).containsOnly(caller);
    }

    @Test
    void theFirstFailureInInputOrderIsRethrownAsItIs() {
        List<Integer> inputs = IntStream.range(0, 50).boxed().toList();

        assertThatThrownBy(() -> ParallelReads.map(inputs, i -> {
            if (i == 30) {
                throw new NotFoundException("gone: " + i);
            }
            return i;
        })).isInstanceOf(NotFoundException.class).hasMessage("gone: 30");
    }
}
