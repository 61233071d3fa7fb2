package io.dingrelay.registry.persistence;

/** A custom-robot group ready to insert: credentials already sealed, nothing in clear but the masked forms. */
public record NewWebhookRow(String id, String title, String[] tags, String keyId, String webhookCiphertext,
        String secretCiphertext, String host, String tokenHash, String maskedUrl, String maskedSecret) {
}
