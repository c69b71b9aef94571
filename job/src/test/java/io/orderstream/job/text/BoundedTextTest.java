package io.orderstream.job.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoundedTextTest {
    @Test
    void cutsToTheBoundWithAMarkAndNeverHalfASurrogatePair() {
        assertThat(BoundedText.shortened("a".repeat(998) + "😀" + "tail", 1_000)).isEqualTo("a".repeat(998) + "…");
        assertThat(BoundedText.shortened("a".repeat(1_001), 1_000)).isEqualTo("a".repeat(999) + "…");
        assertThat(BoundedText.shortened("a".repeat(1_000), 1_000)).isEqualTo("a".repeat(1_000));
        assertThat(BoundedText.shortened(null, 1_000)).isNull();
    }
}
