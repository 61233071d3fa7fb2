package io.dingrelay.registry;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.util.concurrent.atomic.AtomicLong;

/** The admin API as a test calls it: with the test profile's bearer token. */
final class Api {

    static final String TOKEN = "test-admin-token";
    private static final AtomicLong SEQ = new AtomicLong(System.nanoTime());

    private Api() {
    }

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }

    /** A fresh 64-hex access token (unique per call). */
    static String token() {
        return String.format("%064x", SEQ.incrementAndGet());
    }

    static String webhook(String token) {
        return "https://oapi.dingtalk.com/robot/send?access_token=" + token;
    }

    static String unique(String prefix) {
        return prefix + Long.toString(SEQ.incrementAndGet(), 36);
    }
}
