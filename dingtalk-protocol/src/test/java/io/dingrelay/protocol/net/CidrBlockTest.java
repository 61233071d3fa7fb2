package io.dingrelay.protocol.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrBlockTest {

    @Test
    void dingTalkEgressRanges() {
        CidrBlock block = CidrBlock.parse("203.119.0.0/16");
        assertThat(block.contains("203.119.7.9")).isTrue();
        assertThat(block.contains("203.120.0.1")).isFalse();
        assertThat(CidrBlock.parse("203.119.128.0/17").contains("203.119.127.255")).isFalse();
        assertThat(CidrBlock.parse("203.119.128.0/17").contains("203.119.128.0")).isTrue();
    }

    @Test
    void singleAddressesAndIpv6() {
        assertThat(CidrBlock.parse("127.0.0.1").contains("127.0.0.1")).isTrue();
        assertThat(CidrBlock.parse("127.0.0.1").contains("127.0.0.2")).isFalse();
        assertThat(CidrBlock.parse("::1").contains("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(CidrBlock.parse("2001:db8::/32").contains("2001:db8:1::5")).isTrue();
        assertThat(CidrBlock.parse("2001:db8::/32").contains("203.119.0.1")).isFalse();
        assertThat(CidrBlock.parse("0.0.0.0/0").contains("8.8.8.8")).isTrue();
    }

    @Test
    void ipv4MappedIpv6CallersMatchIpv4Blocks() {
        assertThat(CidrBlock.parse("203.119.0.0/16").contains("::ffff:203.119.1.1")).isTrue();
    }

    @Test
    void onlyLiteralsAreAccepted() {
        assertThatThrownBy(() -> CidrBlock.parse("example.com")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> CidrBlock.parse("10.0.0.0/33")).hasMessageContaining("prefix length outside 0..32");
        assertThatThrownBy(() -> CidrBlock.parse("10.0.0/8")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> CidrBlock.parse("10.0.0.0/x")).hasMessageContaining("not a number");
        assertThat(CidrBlock.parse("10.0.0.0/8").contains("localhost")).isFalse();
        assertThat(CidrBlock.parse("10.0.0.0/8").contains(null)).isFalse();
    }
}
