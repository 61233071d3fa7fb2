package io.dingrelay.simulator;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Random identifiers the simulator hands out (access tokens, secrets, conversation ids, session ids, event ids).
 * Not secure randomness on purpose: this is a test double, and ThreadLocalRandom costs nothing on the event loop.
 */
public final class RandomIds {

    private static final String HEX = "0123456789abcdef";
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private RandomIds() {
    }

    public static String hex(int n) {
        return of(HEX, n);
    }

    public static String alnum(int n) {
        return of(ALNUM, n);
    }

    private static String of(String alphabet, int n) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = alphabet.charAt(r.nextInt(alphabet.length()));
        }
        return new String(c);
    }
}
