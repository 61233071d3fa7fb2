package io.dingrelay.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSecretsTest {

    @TempDir
    Path dataDir;

    @Test
    void generatesDingTalkShapedSecretsOnceAndKeepsThemPrivate() throws Exception {
        LocalSecrets first = LocalSecrets.loadOrCreate(dataDir);

        assertThat(first.aesKey()).hasSize(43).matches("[A-Za-z0-9]{43}");
        assertThat(Base64.getDecoder().decode(first.aesKey() + "=")).hasSize(32);
        assertThat(Base64.getEncoder().encodeToString(Base64.getDecoder().decode(first.aesKey() + "=")))
                .as("canonical: re-encoding gives the key back").isEqualTo(first.aesKey() + "=");
        assertThat(first.ownerKey()).isEqualTo(first.appKey()).startsWith("ding");
        assertThat(Base64.getDecoder().decode(first.cryptoKey())).hasSize(32);
        assertThat(LocalSecrets.loadOrCreate(dataDir)).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(LocalSecrets.FILE))))
                .isEqualTo("rw-------");
        assertThat(first.toString()).doesNotContain(first.appSecret()).doesNotContain(first.aesKey());
    }

    @Test
    void replacesAnAesKeyThatIsNotAlphanumeric() throws Exception {
        LocalSecrets first = LocalSecrets.loadOrCreate(dataDir);
        Path file = dataDir.resolve(LocalSecrets.FILE);
        Files.writeString(file, Files.readString(file).replace("aes-key=" + first.aesKey(),
                "aes-key=" + "ab+/".repeat(10) + "abc"));

        LocalSecrets again = LocalSecrets.loadOrCreate(dataDir);

        assertThat(LocalSecrets.validAesKey(again.aesKey())).isTrue();
        assertThat(again.appSecret()).isEqualTo(first.appSecret());
        assertThat(again.cryptoKey()).isEqualTo(first.cryptoKey());
    }
}
