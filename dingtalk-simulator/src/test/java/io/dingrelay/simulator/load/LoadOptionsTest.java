package io.dingrelay.simulator.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad counts on the command line are refused naming the option, before anything runs. */
class LoadOptionsTest {

    private static String[] webhook(String option, String value) {
        return new String[] {"--target", "webhook", "--url", "http://localhost:1/robot/send?access_token=x", option, value};
    }

    @Test
    void countsThatAreNotPositiveWholeNumbersOrDoNotFitAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> LoadOptions.parse(webhook("--concurrency", "lots")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--concurrency: must be a whole number, was lots");
        assertThatThrownBy(() -> LoadOptions.parse(webhook("--connections", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--connections: must be positive");
        assertThatThrownBy(() -> LoadOptions.parse(webhook("--event-loops", "3000000000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--event-loops: must be at most 2147483647");
        assertThatThrownBy(() -> LoadOptions.parse(webhook("--conversations", "3000000000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--conversations: must be at most 2147483647");
        assertThat(LoadOptions.parse(webhook("--concurrency", "300")).concurrency).isEqualTo(300);
    }
}
