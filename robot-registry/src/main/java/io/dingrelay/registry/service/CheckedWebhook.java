package io.dingrelay.registry.service;

/**
 * A webhook that passed {@link WebhookRules}: the URL and secret in clear (to be sealed, never logged), and what
 * may be stored in clear beside their ciphertexts.
 */
public record CheckedWebhook(String url, String host, String tokenHash, String maskedUrl, String secret,
        String maskedSecret) {

    @Override
    public String toString() {
        return "CheckedWebhook[" + maskedUrl + "]";
    }
}
