package io.imgctl.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void prints_one_indented_document_like_jq() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", "sha256:abc");
        doc.put("tags", List.of("alpine:3.13"));
        doc.put("digests", List.of());
        doc.put("labels", Map.of());
        doc.put("parent", null);
        doc.put("size", 5_614_000L);

        assertThat(Json.render(doc)).isEqualTo("""
                {
                  "id": "sha256:abc",
                  "tags": [
                    "alpine:3.13"
                  ],
                  "digests": [],
                  "labels": {},
                  "parent": null,
                  "size": 5614000
                }""");
    }
}
