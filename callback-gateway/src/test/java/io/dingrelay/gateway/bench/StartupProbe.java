package io.dingrelay.gateway.bench;

import io.dingrelay.protocol.signature.HmacSigner;
import java.io.File;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Time from process start to the first accepted callback: {@code StartupProbe <port> <app> <log-file> <command…>}
 * launches the command (the packaged gateway, with the app's secrets in its environment), then posts a signed robot
 * callback every 2 ms until one is answered 200, prints {@code FIRST_CALLBACK_MS <n>} and stops the process.
 * The app secret is read from {@code DINGTALK_APPS_<APP>_APP_SECRET}, the same variable the gateway reads.
 */
public final class StartupProbe {

    private StartupProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: StartupProbe <port> <app> <log-file> <command...>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String app = args[1];
        String secret = System.getenv("DINGTALK_APPS_" + app.toUpperCase().replace('-', '_') + "_APP_SECRET");
        if (secret == null) {
            throw new IllegalStateException("DINGTALK_APPS_" + app.toUpperCase() + "_APP_SECRET is not set");
        }
        List<String> command = Arrays.asList(args).subList(3, args.length);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        URI uri = URI.create("http://localhost:" + port + "/dingtalk/apps/" + app + "/robot");

        long started = System.nanoTime();
        Process gateway = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File(args[2])).start();
        try {
            int attempt = 0;
            while (true) {
                if (!gateway.isAlive()) {
                    throw new IllegalStateException("the gateway exited with " + gateway.exitValue() + "; see " + args[2]);
                }
                long now = System.currentTimeMillis();
                String body = "{\"msgId\":\"startup-" + now + "-" + attempt++ + "\",\"conversationId\":\"cidStartupProbe\","
                        + "\"conversationType\":\"2\",\"msgtype\":\"text\",\"text\":{\"content\":\"hi\"},\"createAt\":" + now + "}";
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json; charset=utf-8")
                        .header("timestamp", Long.toString(now))
                        .header("sign", HmacSigner.sign(secret, now))
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
                try {
                    HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200) {
                        System.out.printf("FIRST_CALLBACK_MS %d%n", (System.nanoTime() - started) / 1_000_000);
                        return;
                    }
                } catch (ConnectException e) {
                    // Not listening yet.
                } catch (java.io.IOException e) {
                    // Connection reset while starting.
                }
                Thread.sleep(2);
            }
        } finally {
            gateway.destroy();
            gateway.waitFor();
        }
    }
}
