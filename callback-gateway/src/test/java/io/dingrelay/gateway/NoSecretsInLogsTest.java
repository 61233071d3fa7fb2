package io.dingrelay.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.dingrelay.gateway.support.Callbacks;
import io.dingrelay.gateway.support.GatewayTopics;
import io.dingrelay.gateway.support.Http;
import io.dingrelay.gateway.support.Samples;
import io.dingrelay.gateway.support.TestApps;
import io.dingrelay.gateway.support.TestAppsResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs valid and invalid callbacks with DEBUG logging into a file, then reads the whole log (start-up included):
 * no secret of any app and no decrypted or message content may appear in it, nor in any answer.
 */
@QuarkusTest
@TestProfile(NoSecretsInLogsTest.DebugLogToFile.class)
@WithTestResource(GatewayTopics.class)
@WithTestResource(TestAppsResource.class)
class NoSecretsInLogsTest {

    static final Path LOG = Path.of("target", "no-secrets-test.log");

    public static class DebugLogToFile implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.deleteIfExists(LOG);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return Map.of(
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", LOG.toString(),
                    "quarkus.log.file.level", "DEBUG",
                    "quarkus.log.file.format", "%d %-5p [%c] (%t) %X %s%e%n",
                    "quarkus.log.category.\"io.dingrelay\".level", "DEBUG",
                    "quarkus.log.category.\"io.quarkus\".level", "DEBUG",
                    "quarkus.log.category.\"io.vertx\".level", "DEBUG",
                    "quarkus.log.category.\"org.jboss.resteasy.reactive\".level", "DEBUG",
                    "quarkus.log.category.\"org.apache.kafka\".level", "INFO");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void secretsAndPayloadsNeverReachTheLogOrTheAnswers() throws IOException {
        Http http = new Http(base.toString());
        String eventMarker = Samples.uid("EVENTCONTENT");
        String chatMarker = Samples.uid("CHATCONTENT");
        String brokenMarker = Samples.uid("BROKENCONTENT");
        String eventId = Samples.uid("ev");
        String msgId = Samples.uid("msg");
        List<Http.Answer> answers = new ArrayList<>();

        // Accepted: an event whose title is the marker, a message whose text is the marker.
        Callbacks.EventPush event = Callbacks.eventPush(TestApps.MAIN,
                Samples.chatUpdateTitle(eventId, "dingcorp1", Samples.uid("cid"), eventMarker));
        answers.add(http.send(Http.post("/dingtalk/apps/main/events?" + event.query()).json().body(event.body())));
        Callbacks.RobotSignature sign = Callbacks.robotSignature(TestApps.MAIN);
        answers.add(http.send(Http.post("/dingtalk/apps/main/robot").json().header("timestamp", sign.timestamp())
                .header("sign", sign.sign()).body(Samples.groupText(msgId, Samples.uid("cid"), chatMarker, System.currentTimeMillis()))));
        assertThat(answers).extracting(Http.Answer::status).containsOnly(200);

        // Refused after decryption: the plaintext is not JSON, or JSON without an EventType, both holding the marker.
        for (String plaintext : List.of("not json " + brokenMarker, "{\"title\":\"" + brokenMarker + "\"}", "{\"EventType\":" + brokenMarker + "}")) {
            Callbacks.EventPush bad = Callbacks.eventPush(TestApps.MAIN, plaintext);
            answers.add(http.send(Http.post("/dingtalk/apps/main/events?" + bad.query()).json().body(bad.body())));
        }
        // Refused robot bodies holding the marker, with a valid and with a wrong signature.
        Callbacks.RobotSignature s2 = Callbacks.robotSignature(TestApps.MAIN);
        answers.add(http.send(Http.post("/dingtalk/apps/main/robot").json().header("timestamp", s2.timestamp())
                .header("sign", s2.sign()).body("{\"text\":{\"content\":\"" + brokenMarker + "\"},\"msgId\":")));
        answers.add(http.send(Http.post("/dingtalk/apps/main/robot").json().header("timestamp", s2.timestamp())
                .header("sign", s2.sign()).body("{\"msgId\":" + 5 + ",\"conversationId\":\"" + brokenMarker + "\"}")));
        answers.add(http.send(Http.post("/dingtalk/apps/main/robot").json().header("timestamp", s2.timestamp())
                .header("sign", "x" + s2.sign().substring(1)).body("{\"text\":\"" + brokenMarker + "\"}")));
        // Wrong keys: a push for another app and a robot callback signed with another app's secret.
        Callbacks.EventPush foreign = Callbacks.eventPush(TestApps.SECOND, Samples.checkUrl());
        answers.add(http.send(Http.post("/dingtalk/apps/main/events?" + foreign.query()).json().body(foreign.body())));

        assertThat(answers.subList(2, answers.size())).extracting(Http.Answer::status).allMatch(s -> s >= 400 && s < 500);

        String log = Files.readString(LOG, StandardCharsets.UTF_8);
        // The log was really written at DEBUG, with ids: otherwise this test could not fail.
        assertThat(log).contains("Event " + eventId + " published").contains("msgId=" + msgId).contains("Refused events callback");

        List<String> forbidden = new ArrayList<>(List.of(eventMarker, chatMarker, brokenMarker));
        for (TestApps.App app : List.of(TestApps.MAIN, TestApps.SECOND, TestApps.OFF, TestApps.EVENTS_ONLY, TestApps.FENCED,
                TestApps.LOOPBACK)) {
            forbidden.addAll(app.secrets());
        }
        for (String secret : forbidden) {
            assertThat(log).as("log line containing a secret or payload").doesNotContain(secret);
            assertThat(answers).extracting(Http.Answer::body).allSatisfy(b -> assertThat(b).doesNotContain(secret));
        }
    }
}
