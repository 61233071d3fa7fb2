package io.dingrelay.protocol.callback;

/**
 * The error codes of DingTalk's official callback encryptor ({@code DingTalkEncryptException} in
 * {@code open-dingtalk/DingTalk-Callback-Crypto}, §1.7), so logs and support tickets speak the same
 * numbers as DingTalk's documentation. There is no 900011 in any source.
 */
public enum CryptoError {
    /** 900001: the plaintext to encrypt is missing or not encodable. */
    ENCRYPTION_PLAINTEXT_ILLEGAL(900001, "加密明文文本非法"),
    /** 900002: the timestamp is missing or unusable. */
    ENCRYPTION_TIMESTAMP_ILLEGAL(900002, "加密时间戳参数非法"),
    /** 900003: the nonce is missing or unusable. */
    ENCRYPTION_NONCE_ILLEGAL(900003, "加密随机字符串参数非法"),
    /** 900004: the EncodingAESKey is not 43 characters of [A-Za-z0-9]. */
    AES_KEY_ILLEGAL(900004, "不合法的aes key"),
    /**
     * 900005: defined by DingTalk as "signature mismatch", but the official Java and C# decryptors
     * throw {@link #COMPUTE_SIGNATURE_ERROR} on a mismatch; this library does the same (§7 item 5).
     */
    SIGNATURE_NOT_MATCH(900005, "签名不匹配"),
    /** 900006: the signature is missing or does not match; also the official mismatch code. */
    COMPUTE_SIGNATURE_ERROR(900006, "签名计算失败"),
    /** 900007: encryption failed (a random prefix of the wrong size, an unavailable cipher). */
    COMPUTE_ENCRYPT_TEXT_ERROR(900007, "计算加密文字错误"),
    /** 900008: the ciphertext is missing, not Base64, or not whole AES blocks. */
    COMPUTE_DECRYPT_TEXT_ERROR(900008, "计算解密文字错误"),
    /** 900009: the decrypted buffer's layout is wrong (padding, length field, UTF-8). */
    COMPUTE_DECRYPT_TEXT_LENGTH_ERROR(900009, "计算解密文字长度不匹配"),
    /** 900010: the receiver id inside the plaintext is not our ownerKey (appKey, corpId or suiteKey). */
    COMPUTE_DECRYPT_TEXT_CORPID_ERROR(900010, "计算解密文字corpid不匹配");

    private final int code;
    private final String officialMessage;

    CryptoError(int code, String officialMessage) {
        this.code = code;
        this.officialMessage = officialMessage;
    }

    /** DingTalk's numeric code, e.g. 900006. */
    public int code() {
        return code;
    }

    /** The message the official encryptor attaches to this code. */
    public String officialMessage() {
        return officialMessage;
    }
}
