package io.dingrelay.simulator.group;

import java.util.ArrayList;
import java.util.List;

/** An IPv4 allow-list of addresses and CIDR ranges (DingTalk supports no IPv6 here). */
public final class IpAllowList {

    private final List<String> entries;
    private final int[] networks;
    private final int[] masks;

    private IpAllowList(List<String> entries, int[] networks, int[] masks) {
        this.entries = entries;
        this.networks = networks;
        this.masks = masks;
    }

    private static final IpAllowList EMPTY = new IpAllowList(List.of(), new int[0], new int[0]);

    public static IpAllowList of(List<String> entries) {
        if (entries.isEmpty()) {
            return EMPTY;
        }
        int[] nets = new int[entries.size()];
        int[] masks = new int[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            String e = entries.get(i).trim();
            int slash = e.indexOf('/');
            int bits = 32;
            String addr = e;
            if (slash >= 0) {
                addr = e.substring(0, slash);
                try {
                    bits = Integer.parseInt(e.substring(slash + 1));
                } catch (NumberFormatException ex) {
                    bits = -1;
                }
                if (bits < 0 || bits > 32) {
                    throw new IllegalArgumentException("ips[" + i + "]: bad prefix length in '" + e + "'");
                }
            }
            Integer a = parseV4(addr);
            if (a == null) {
                throw new IllegalArgumentException("ips[" + i + "]: not an IPv4 address or CIDR: '" + e + "'");
            }
            masks[i] = bits == 0 ? 0 : -1 << (32 - bits);
            nets[i] = a & masks[i];
        }
        return new IpAllowList(List.copyOf(entries), nets, masks);
    }

    public boolean allows(String ip) {
        Integer a = parseV4(ip);
        if (a == null) {
            return false;
        }
        for (int i = 0; i < networks.length; i++) {
            if ((a & masks[i]) == networks[i]) {
                return true;
            }
        }
        return false;
    }

    public List<String> entries() {
        return entries;
    }

    /** Parses dotted IPv4 (also an IPv4-mapped IPv6 such as {@code ::ffff:1.2.3.4}); null if not IPv4. */
    static Integer parseV4(String s) {
        if (s == null) {
            return null;
        }
        String v = s.startsWith("::ffff:") ? s.substring(7) : s;
        List<String> parts = new ArrayList<>(4);
        int from = 0;
        for (int i = 0; i <= v.length(); i++) {
            if (i == v.length() || v.charAt(i) == '.') {
                parts.add(v.substring(from, i));
                from = i + 1;
            }
        }
        if (parts.size() != 4) {
            return null;
        }
        int out = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int n = Integer.parseInt(p);
            if (n > 255) {
                return null;
            }
            out = (out << 8) | n;
        }
        return out;
    }
}
