package io.dingrelay.protocol.callback;

/** The worked examples of dingtalk-protocol.md §1.8, verbatim. */
final class Vectors {

    private Vectors() {
    }

    // V1: official doc (D-CRYPT), a check_create_suite_url push.
    static final String V1_TOKEN = "123456";
    static final String V1_AES_KEY = "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij";
    static final String V1_OWNER = "suite4xxxxxxxxxxxxxxx";
    static final String V1_SIGNATURE = "5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0";
    static final String V1_TIMESTAMP = "1445827045067";
    static final String V1_NONCE = "nEXhMP4r";
    static final String V1_ENCRYPT = "1a3NBxmCFwkCJvfoQ7WhJHB+iX3qHPsc9JbaDznE1i03peOk1LaOQoRz3+nlyGNhwmwJ3vDMG+OzrHMeiZI7gTRWVdUBmfxjZ8Ej23JVYa9VrYeJ5as7XM/ZpulX8NEQis44w53h1qAgnC3PRzM7Zc/D6Ibr0rgUathB6zRHP8PYrfgnNOS9PhSBdHlegK+AGGanfwjXuQ9+0pZcy0w9lQ==";
    static final String V1_PLAINTEXT = "{\"EventType\":\"check_create_suite_url\",\"Random\":\"LPIdSnlF\",\"TestSuiteKey\":\"suite4xxxxxxxxxxxxxxx\"}";
    static final String V1_RANDOM = "hU3bEfGZZewzhG5a";

    // V2: DingCallbackCrypto3.py __main__, a check_url push.
    static final String V2_TOKEN = "mryue";
    static final String V2_AES_KEY = "Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7";
    static final String V2_OWNER = "ding6ccabc44d2c8d38b";
    static final String V2_SIGNATURE = "03044561471240d4a14bb09372dfcfd4fd0e40cb";
    static final String V2_TIMESTAMP = "1608001896814";
    static final String V2_NONCE = "WL4PK6yA";
    static final String V2_ENCRYPT = "0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3";

    // V3: D-CFGPUSH FAQ, a success reply; the key 1234…0123 is non-canonical Base64 (§1.4).
    static final String V3_TOKEN = "123456";
    static final String V3_AES_KEY = "1234567890123456789012345678901234567890123";
    static final String V3_OWNER = "dingsnotzck6pm5veliw";
    static final String V3_SIGNATURE = "9a95a004dd16f5c307e849b994173f76aa26e5eb";
    static final String V3_TIMESTAMP = "1614767836";
    static final String V3_NONCE = "A7Co0cJLMzIDtMMI";
    static final String V3_ENCRYPT = "YvkvaGe4hQxd3VxRmEty0dVlnCOAqwf56xwTRHDHoOURqhalbmBJQk5FNcRk42Gl5T0YQXZNwpwWSm1xAFJ5ZA==";
    static final String V3_RANDOM = "dICkEDLj0eb6yAbc";

    // V4 (DERIVED): V1 keys, random prefix "aaaaaaaaaaaaaaaa", plaintext "success".
    static final String V4_ENCRYPT = "GIQAUIiE4b1zZDcx5Z0QJnTA0sYRn4Bh0gspMCpSzMOLMWSUoyYSRsggXuoDGEvgPqzw7tHd4M0CdiQiaPQb8Q==";
    static final String V4_SIGNATURE = "a2de205286e9ef854af4de7e86f59f4a399bc5dd";
}
