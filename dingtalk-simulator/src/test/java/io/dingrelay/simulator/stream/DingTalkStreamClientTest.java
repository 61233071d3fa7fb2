package io.dingrelay.simulator.stream;

import com.dingtalk.open.app.api.OpenDingTalkClient;
import com.dingtalk.open.app.api.OpenDingTalkStreamClientBuilder;
import com.dingtalk.open.app.api.callback.DingTalkStreamTopics;
import com.dingtalk.open.app.api.callback.OpenDingTalkCallbackListener;
import com.dingtalk.open.app.api.message.GenericOpenDingTalkEvent;
import com.dingtalk.open.app.api.models.bot.ChatbotMessage;
import com.dingtalk.open.app.api.security.AuthClientCredential;
import com.dingtalk.open.app.stream.protocol.event.EventAckStatus;
import io.dingrelay.simulator.support.Sim;
import io.dingrelay.simulator.support.StreamTestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.URL;
import java.security.KeyStore;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DingTalk's own Java Stream client ({@code com.dingtalk.open:app-stream-client:1.3.12}) is served by the simulator:
 * it opens a connection, connects over TLS (the SDK only speaks {@code wss}), receives a robot message and an event,
 * and its ACKs are what the simulator reports.
 *
 * <p>Two things the SDK does not let a caller choose: the OpenAPI host is a private field of its builder (set here
 * by reflection), and it trusts only the JVM's default trust store (the test points {@code javax.net.ssl.trustStore}
 * at the simulator's self-signed test certificate, {@code src/test/resources/stream-tls/localhost.p12}).
 */
@QuarkusTest
class DingTalkStreamClientTest {

    private static final String STORE = "stream-tls/localhost.p12";
    private static final String STORE_PASSWORD = "simulator-test";

    @TestHTTPResource(value = "/", tls = true)
    URL tls;

    @Test
    void theOfficialClientConnectsAndReceivesARobotMessageAndAnEvent() throws Exception {
        trustTheSimulator();
        BlockingQueue<ChatbotMessage> messages = new LinkedBlockingQueue<>();
        BlockingQueue<GenericOpenDingTalkEvent> events = new LinkedBlockingQueue<>();
        OpenDingTalkStreamClientBuilder builder = OpenDingTalkStreamClientBuilder.custom()
                .credential(new AuthClientCredential(StreamTestClient.APP_KEY, StreamTestClient.APP_SECRET))
                .registerCallbackListener(DingTalkStreamTopics.BOT_MESSAGE_TOPIC, new BotListener(messages))
                .registerAllEventListener(e -> {
                    events.add(e);
                    return EventAckStatus.SUCCESS;
                });
        String host = "https://localhost:" + tls.getPort();
        Field openApiHost = OpenDingTalkStreamClientBuilder.class.getDeclaredField("openApiHost");
        openApiHost.setAccessible(true);
        openApiHost.set(builder, host);
        OpenDingTalkClient client = builder.build();
        client.start();
        try {
            StreamTest.awaitConnections(1);
            Sim.G g = Sim.group("official-client");
            var sent = given().contentType("application/json")
                    .body("{\"app\":\"test\",\"groupId\":\"" + g.id() + "\",\"text\":\"来自官方客户端\"}")
                    .post("/sim/stream/robot-messages").then().statusCode(200).extract();
            ChatbotMessage m = messages.poll(30, TimeUnit.SECONDS);
            assertThat(m).isNotNull();
            assertThat(m.getConversationId()).isEqualTo(g.conversationId());
            assertThat(m.getText().getContent()).isEqualTo(" 来自官方客户端");
            assertThat(sent.<Boolean>path("acked")).isTrue();
            assertThat(sent.<Integer>path("answer.code")).isEqualTo(200);

            var event = given().contentType("application/json")
                    .body("{\"app\":\"test\",\"type\":\"chat_update_title\",\"groupId\":\"" + g.id() + "\"}")
                    .post("/sim/stream/events").then().statusCode(200).extract();
            GenericOpenDingTalkEvent e = events.poll(30, TimeUnit.SECONDS);
            assertThat(e).isNotNull();
            assertThat(e.getEventId()).isEqualTo(event.<String>path("eventId"));
            assertThat(e.getEventType()).isEqualTo("chat_update_title");
            assertThat(e.getData().getString("openConversationId")).isEqualTo(g.conversationId());
            assertThat(event.<String>path("answer.status")).isEqualTo("SUCCESS");
        } finally {
            client.stop();
        }
    }

    /** A class, not a lambda: the SDK reads the request type from the listener's generic interface. */
    static final class BotListener implements OpenDingTalkCallbackListener<ChatbotMessage, Void> {
        private static final long serialVersionUID = 1L;
        private final transient BlockingQueue<ChatbotMessage> messages;

        BotListener(BlockingQueue<ChatbotMessage> messages) {
            this.messages = messages;
        }

        @Override
        public Void execute(ChatbotMessage m) {
            messages.add(m);
            return null;
        }
    }

    /** The SDK's open call (HttpsURLConnection) and its Netty TLS both use the JVM's defaults. */
    private static void trustTheSimulator() throws Exception {
        String path = Thread.currentThread().getContextClassLoader().getResource(STORE).getPath();
        System.setProperty("javax.net.ssl.trustStore", path);
        System.setProperty("javax.net.ssl.trustStorePassword", STORE_PASSWORD);
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(STORE)) {
            ks.load(in, STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        HttpsURLConnection.setDefaultSSLSocketFactory(ctx.getSocketFactory());
    }
}
