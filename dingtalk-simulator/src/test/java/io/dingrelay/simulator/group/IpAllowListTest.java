package io.dingrelay.simulator.group;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpAllowListTest {

    @Test
    void addressesAndCidrs() {
        IpAllowList l = IpAllowList.of(List.of("203.119.0.0/16", "1.2.3.4", "0.0.0.0/0"));
        assertThat(l.allows("203.119.77.1")).isTrue();
        assertThat(IpAllowList.of(List.of("203.119.0.0/16")).allows("203.120.0.1")).isFalse();
        assertThat(IpAllowList.of(List.of("1.2.3.4")).allows("1.2.3.5")).isFalse();
        assertThat(IpAllowList.of(List.of("1.2.3.4")).allows("::ffff:1.2.3.4")).isTrue();
        assertThat(IpAllowList.of(List.of("1.2.3.4")).allows("::1")).isFalse();
    }

    @Test
    void badEntriesNameTheirIndex() {
        assertThatThrownBy(() -> IpAllowList.of(List.of("1.2.3.4", "1.2.3.4/33"))).hasMessageStartingWith("ips[1]:");
        assertThatThrownBy(() -> IpAllowList.of(List.of("1.2.3"))).hasMessageStartingWith("ips[0]:");
    }
}
