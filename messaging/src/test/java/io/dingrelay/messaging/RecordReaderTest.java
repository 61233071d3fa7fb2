package io.dingrelay.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dingrelay.events.ids.DashboardId;
import io.dingrelay.events.screenshot.ScreenshotRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecordReaderTest {

    private static final String SECRET_VALUE = "{\"dashboardId\":\"d1\",\"requestId\":\"https://oapi.dingtalk.com/robot/send?access_token=SECRET\",";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RecordReader reader = new RecordReader(meters, "dingrelay.test.records");
    private final List<String> logged = new ArrayList<>();
    private final Logger jul = Logger.getLogger(RecordReader.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        jul.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        jul.removeHandler(capture);
    }

    @Test
    void aReadableRecordIsItsPayloadCountedAsReceived() {
        Optional<ScreenshotRequest> read = reader.read("requests-in", record("{\"dashboardId\":\"d1\",\"requestId\":\"r1\","
                + "\"width\":800,\"height\":600,\"requestedAt\":\"2026-12-01T00:00:00Z\",\"later\":\"ignored\"}"), ScreenshotRequest.class);

        assertThat(read).contains(new ScreenshotRequest(DashboardId.of("d1"), "r1", 800, 600, Instant.parse("2026-12-01T00:00:00Z")));
        assertThat(count("requests-in", "received")).isEqualTo(1.0);
        assertThat(count("requests-in", "malformed")).isZero();
    }

    @Test
    void anUnreadableRecordIsSkippedCountedAndLoggedWithoutItsValue() {
        assertThat(reader.read("requests-in", record(SECRET_VALUE), ScreenshotRequest.class)).isEmpty();
        assertThat(reader.read("requests-in", record(null), ScreenshotRequest.class)).isEmpty(); // a tombstone
        assertThat(reader.read("requests-in", record("[1,2]"), ScreenshotRequest.class)).isEmpty();

        assertThat(count("requests-in", "malformed")).isEqualTo(3.0);
        assertThat(count("requests-in", "received")).isZero();
        assertThat(logged).hasSize(3).allSatisfy(line -> assertThat(line)
                .contains("ScreenshotRequest", "screenshot.requests", "k1").doesNotContain("SECRET"));
    }

    @Test
    void aPayloadTheCheckRefusesIsSkippedAsMalformed() {
        String withoutId = "{\"dashboardId\":\"d1\",\"width\":800,\"height\":600}";

        Optional<ScreenshotRequest> read = reader.read("requests-in", record(withoutId), ScreenshotRequest.class, r -> {
            if (r.requestId() == null) {
                throw new IllegalArgumentException("requestId is missing");
            }
        });

        assertThat(read).isEmpty();
        assertThat(count("requests-in", "malformed")).isEqualTo(1.0);
        assertThat(logged).singleElement().asString().contains("requestId is missing");
    }

    @Test
    void channelsAreCountedApartUnderTheGivenName() {
        String ok = "{\"dashboardId\":\"d1\",\"requestId\":\"r1\",\"width\":1,\"height\":1}";
        reader.read("a", record(ok), ScreenshotRequest.class);
        reader.read("b", record(ok), ScreenshotRequest.class);
        reader.read("b", record(ok), ScreenshotRequest.class);

        assertThat(count("a", "received")).isEqualTo(1.0);
        assertThat(count("b", "received")).isEqualTo(2.0);
        assertThat(reader.metricName()).isEqualTo("dingrelay.test.records");
        assertThatThrownBy(() -> new RecordReader(meters, " ")).isInstanceOf(IllegalArgumentException.class);
    }

    private double count(String channel, String result) {
        var counter = meters.find("dingrelay.test.records").tags("channel", channel, "result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    private static ConsumerRecord<String, String> record(String value) {
        return new ConsumerRecord<>("screenshot.requests", 0, 42L, "k1", value);
    }
}
