package io.dingrelay.local.drill;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads every log line the stack wrote (each service's log, restarted instances' logs, the launcher's broker and
 * database logs) and reports each line holding one of the drill's secrets. The simulator's own log is not a
 * DingRelay service's (it plays DingTalk, which knows the secrets) and is skipped.
 */
final class LogScan {

    record Finding(String file, int line, String secretName) {
    }

    private LogScan() {
    }

    /** {@code secrets}: name → value (values shorter than 8 characters are skipped: they would match by chance). */
    static List<Finding> scan(Path dataDir, Map<String, String> secrets, Collection<String> skipPrefixes) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dataDir.resolve("logs"))) {
            s.filter(Files::isRegularFile).forEach(files::add);
        }
        Path pgLog = dataDir.resolve("postgres/postgres.log");
        if (Files.isRegularFile(pgLog)) {
            files.add(pgLog);
        }
        Map<String, String> usable = new TreeMap<>();
        secrets.forEach((k, v) -> {
            if (v != null && v.length() >= 8) {
                usable.put(k, v);
            }
        });
        List<Finding> findings = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (skipPrefixes.stream().anyMatch(name::startsWith)) {
                continue;
            }
            try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(f),
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
                String line;
                int n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    for (Map.Entry<String, String> e : usable.entrySet()) {
                        if (line.contains(e.getValue())) {
                            findings.add(new Finding(dataDir.relativize(f).toString(), n, e.getKey()));
                        }
                    }
                }
            }
        }
        return findings;
    }

    static long lines(Path dataDir) throws IOException {
        long total = 0;
        try (Stream<Path> s = Files.walk(dataDir.resolve("logs"))) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                try (Stream<String> l = Files.lines(f, StandardCharsets.ISO_8859_1)) {
                    total += l.count();
                }
            }
        }
        return total;
    }
}
