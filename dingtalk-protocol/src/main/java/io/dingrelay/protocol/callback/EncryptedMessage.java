package io.dingrelay.protocol.callback;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.protocol.json.Json;
import io.dingrelay.protocol.message.MalformedMessageException;

/**
 * An encrypted, signed envelope (§1.5). It is both the {@code success} reply a receiver must return
 * to an event push and, split into query and body, the push itself as the simulator sends it.
 *
 * @param msgSignature SHA1 hex over token, {@code timeStamp}, {@code nonce}, {@code encrypt}
 * @param timeStamp    the timestamp that was signed (camel-case S on the wire)
 * @param nonce        the nonce that was signed
 * @param encrypt      Base64 of the AES ciphertext
 */
public record EncryptedMessage(String msgSignature, String timeStamp, String nonce, String encrypt) {

    /**
     * Exactly {@code {"msg_signature":…,"timeStamp":…,"nonce":…,"encrypt":…}}, the field names and
     * order of the official encryptor's reply map; DingTalk rejects any other names.
     */
    public String toJson() {
        ObjectNode o = Json.object();
        o.put("msg_signature", msgSignature);
        o.put("timeStamp", timeStamp);
        o.put("nonce", nonce);
        o.put("encrypt", encrypt);
        return write(o);
    }

    /** The body of an event push carrying this envelope: {@code {"encrypt":"…"}}. */
    public String toPushBody() {
        ObjectNode o = Json.object();
        o.put("encrypt", encrypt);
        return write(o);
    }

    /** The query of an event push carrying this envelope. */
    public CallbackQuery toQuery() {
        return new CallbackQuery(msgSignature, timeStamp, nonce);
    }

    private static String write(ObjectNode o) {
        try {
            return Json.write(o);
        } catch (IllegalStateException e) {
            // Only a hand-built envelope with unpaired surrogates gets here; encrypt() never produces one.
            throw new CallbackCryptoException(CryptoError.COMPUTE_ENCRYPT_TEXT_ERROR, "encrypt", "envelope contains unencodable text");
        }
    }

    /**
     * Reads a reply envelope. All four fields are required strings.
     *
     * @throws MalformedMessageException naming the missing or mistyped field, or {@code body}
     */
    public static EncryptedMessage parse(String json) {
        ObjectNode o = Json.readObject(json, Json.BODY);
        return new EncryptedMessage(
                Json.reqText(o, "msg_signature", "msg_signature"),
                Json.reqText(o, "timeStamp", "timeStamp"),
                Json.reqText(o, "nonce", "nonce"),
                Json.reqText(o, "encrypt", "encrypt"));
    }
}
