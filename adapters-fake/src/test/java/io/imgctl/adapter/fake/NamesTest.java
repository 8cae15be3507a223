package io.imgctl.adapter.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NamesTest {

    private static final String ID = References.sha256("some container").hex();

    @Test
    void theSameIdGivesTheSameName() {
        assertThat(Names.generate(ID, n -> false)).isEqualTo(Names.generate(ID, n -> false))
                .matches("[a-z]+_[a-z]+");
    }

    @Test
    void aTakenNameIsNeverGivenAgain() {
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            String name = Names.generate(ID, taken::contains);
            assertThat(taken.add(name)).as(name).isTrue();
        }
    }

    @Test
    void wozniakIsNotBoring() {
        int boring = Names.ADJECTIVES.indexOf("boring");
        int wozniak = Names.SURNAMES.indexOf("wozniak");
        // an ID whose first 8 hex pick "boring" and next 8 pick "wozniak"
        String id = String.format("%08x%08x", boring, wozniak) + "0".repeat(48);
        assertThat(Names.generate(id, n -> false)).isNotEqualTo("boring_wozniak").startsWith("boring_");
    }

    @Test
    void validNamesFollowDockersRule() {
        assertThat(Names.VALID.matcher("web-1.prod_a").matches()).isTrue();
        assertThat(Names.VALID.matcher("/web").matches()).isTrue();
        assertThat(Names.VALID.matcher("a").matches()).isFalse();
        assertThat(Names.VALID.matcher("-web").matches()).isFalse();
        assertThat(Names.VALID.matcher("web server").matches()).isFalse();
    }
}
