package io.dingrelay.registry;

import static io.dingrelay.registry.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.dingrelay.events.registry.AudienceEntry;
import io.dingrelay.keyring.KeyRing;
import io.dingrelay.keyring.Sealed;
import io.dingrelay.testkit.KafkaResource;
import io.dingrelay.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Rows sealed under the old key stay readable, are all rewritten under the active one, reads go on throughout. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
class KeyRotationTest {

    @Inject
    DataSource dataSource;
    @Inject
    KeyRing keyRing;

    @Test
    void rotationRewritesEveryRowWhileReadsAreServed() throws Exception {
        String tag = Api.unique("rot");
        // An "old registry" sealed these under k1 (the test ring has k1 and k2, active k2).
        KeyRing old = KeyRing.fromBase64(Map.of("k1", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="), "k1");
        Map<String, String> urls = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO groups (id, title, kind, tags, crypto_key_id, webhook_ciphertext, secret_ciphertext, "
                        + "webhook_host, webhook_token_hash, webhook_masked) VALUES (?, 't', 'CUSTOM_WEBHOOK', ?, 'k1', ?, ?, "
                        + "'oapi.dingtalk.com', ?, 'masked')")) {
            for (int i = 0; i < 150; i++) {
                String token = Api.token();
                String id = "g0rot" + tag + String.format("%04d", i);
                Sealed url = old.encrypt(Api.webhook(token));
                ps.setString(1, id);
                ps.setArray(2, c.createArrayOf("text", new String[] {tag}));
                ps.setString(3, url.ciphertext());
                ps.setString(4, old.encrypt("SEC" + token.substring(0, 20)).ciphertext());
                ps.setString(5, token);
                ps.addBatch();
                urls.put(id, Api.webhook(token));
            }
            ps.executeBatch();
        }
        // Old ciphertexts are readable before the rotation.
        assertThat(AudienceTest.audience("tags=" + tag)).hasSize(150)
                .allSatisfy(e -> assertThat(e.webhook().keyId()).isEqualTo("k1"))
                .allSatisfy(e -> assertThat(keyRing.decrypt(e.webhook().keyId(), e.webhook().urlCiphertext()))
                        .isEqualTo(urls.get(e.groupId().value())));

        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            int reads = 0;
            while (!done.get()) {
                List<AudienceEntry> seen = AudienceTest.audience("tags=" + tag);
                assertThat(seen).hasSize(150).allSatisfy(e -> assertThat(keyRing.decrypt(e.webhook().keyId(),
                        e.webhook().urlCiphertext())).isEqualTo(urls.get(e.groupId().value())));
                reads++;
            }
            return reads;
        });
        admin().post("/api/keys/rotate").then().statusCode(202).body("targetKey", equalTo("k2"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> admin().get("/api/keys/rotate").then()
                .statusCode(200).body("state", equalTo("DONE")).body("remaining", equalTo(0)));
        done.set(true);
        assertThat(reader.get()).isPositive();

        List<AudienceEntry> after = AudienceTest.audience("tags=" + tag);
        assertThat(after).hasSize(150).allSatisfy(e -> {
            assertThat(e.webhook().keyId()).isEqualTo("k2");
            assertThat(keyRing.decrypt("k2", e.webhook().urlCiphertext())).isEqualTo(urls.get(e.groupId().value()));
            assertThat(keyRing.decrypt("k2", e.webhook().secretCiphertext())).startsWith("SEC");
        });
        List<String> keys = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT DISTINCT crypto_key_id FROM groups WHERE webhook_ciphertext IS NOT NULL")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        assertThat(keys).containsExactly("k2");
    }
}
