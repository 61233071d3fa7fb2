package io.dingrelay.events.push;

import io.dingrelay.events.ids.GroupId;

/**
 * One group a delivery goes to, with its credentials encrypted by the registry's key ring so that Kafka never
 * holds a webhook token or signing secret in clear.
 *
 * @param groupId           the registered group
 * @param webhookCiphertext the encrypted webhook URL (access token included)
 * @param secretCiphertext  the encrypted 加签 secret; null when the robot does not sign
 * @param keyId             the key-ring entry both were encrypted with
 */
public record DeliveryTarget(GroupId groupId, String webhookCiphertext, String secretCiphertext, String keyId) {

    @Override
    public String toString() {
        // Ciphertexts are not secrets, but there is no reason to spread them through logs either.
        return "DeliveryTarget[" + groupId + "]";
    }
}
