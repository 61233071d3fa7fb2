package io.dingrelay.simulator.group;

import io.dingrelay.protocol.net.CidrBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * A custom robot's IP allow-list: IPv4 addresses and CIDR ranges (DingTalk takes no IPv6 here), matched by the
 * protocol library's {@link CidrBlock}.
 */
public final class IpAllowList {

    private static final IpAllowList EMPTY = new IpAllowList(List.of(), List.of());

    private final List<String> entries;
    private final List<CidrBlock> blocks;

    private IpAllowList(List<String> entries, List<CidrBlock> blocks) {
        this.entries = entries;
        this.blocks = blocks;
    }

    /**
     * @throws IllegalArgumentException naming the entry ({@code ips[<index>]}) that is not an IPv4 address or block
     */
    public static IpAllowList of(List<String> entries) {
        if (entries.isEmpty()) {
            return EMPTY;
        }
        List<CidrBlock> blocks = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            CidrBlock block;
            try {
                block = CidrBlock.parse(entries.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ips[" + i + "]: " + e.getMessage());
            }
            if (!block.isIpv4()) {
                throw new IllegalArgumentException("ips[" + i + "]: '" + block + "' is IPv6; DingTalk's allow-list takes IPv4 only");
            }
            blocks.add(block);
        }
        return new IpAllowList(List.copyOf(entries), List.copyOf(blocks));
    }

    /** Whether a caller at {@code ip} (IPv4, or IPv4-mapped IPv6) is on the list. */
    public boolean allows(String ip) {
        for (CidrBlock block : blocks) {
            if (block.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    public List<String> entries() {
        return entries;
    }
}
