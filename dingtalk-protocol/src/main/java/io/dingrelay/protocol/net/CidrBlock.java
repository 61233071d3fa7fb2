package io.dingrelay.protocol.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * One entry of an address allow-list: an IPv4 or IPv6 block in CIDR notation ({@code 203.119.0.0/16}) or a single
 * address. Only literals are accepted, so parsing never does a DNS lookup. The one matcher of DingTalk's address
 * lists: the egress ranges a receiver of callbacks admits (§1.1) and a custom robot's IP allow-list (§4.2), which
 * DingTalk takes as IPv4 only ({@link #isIpv4()}).
 */
public final class CidrBlock {

    private final byte[] network;
    private final int prefixBits;
    private final String text;

    private CidrBlock(byte[] network, int prefixBits, String text) {
        this.network = network;
        this.prefixBits = prefixBits;
        this.text = text;
    }

    /**
     * Parses {@code address[/prefix]}.
     *
     * @throws IllegalArgumentException saying what is wrong (the value is not secret, so it is quoted)
     */
    public static CidrBlock parse(String cidr) {
        if (cidr == null || cidr.isBlank()) {
            throw new IllegalArgumentException("empty entry");
        }
        String s = cidr.trim();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = literal(address)
                .orElseThrow(() -> new IllegalArgumentException("'" + s + "' is not an IP address or CIDR block"));
        int maxBits = bytes.length * 8;
        int prefix = maxBits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' has a prefix length that is not a number");
            }
            if (prefix < 0 || prefix > maxBits) {
                throw new IllegalArgumentException("'" + s + "' has a prefix length outside 0.." + maxBits);
            }
        }
        return new CidrBlock(mask(bytes, prefix), prefix, s);
    }

    /** Whether the block is an IPv4 one. */
    public boolean isIpv4() {
        return network.length == 4;
    }

    /** Whether a remote address (as Vert.x reports it, e.g. {@code 127.0.0.1} or {@code ::1}) lies in this block. */
    public boolean contains(String hostAddress) {
        Optional<byte[]> addr = literal(hostAddress);
        if (addr.isEmpty() || addr.get().length != network.length) {
            return false;
        }
        byte[] masked = mask(addr.get(), prefixBits);
        return java.util.Arrays.equals(masked, network);
    }

    /**
     * The bytes of an IP literal; empty for anything else. IPv4-mapped IPv6 addresses come back as IPv4, so
     * {@code ::ffff:203.119.1.1} matches {@code 203.119.0.0/16}.
     */
    static Optional<byte[]> literal(String s) {
        if (s == null || s.isEmpty() || s.length() > 45) {
            return Optional.empty();
        }
        String host = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        boolean colon = host.indexOf(':') >= 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || (colon && (c == ':' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
            if (!ok) {
                return Optional.empty();
            }
        }
        if (!colon && host.chars().filter(c -> c == '.').count() != 3) {
            return Optional.empty();
        }
        try {
            // A literal of digits, dots, colons and hex only: getByName parses it without resolving.
            return Optional.of(InetAddress.getByName(host).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static byte[] mask(byte[] address, int prefixBits) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefixBits - i * 8));
            out[i] = (byte) (out[i] & (0xFF << (8 - bitsHere)));
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
