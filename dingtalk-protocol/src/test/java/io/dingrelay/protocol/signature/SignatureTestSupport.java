package io.dingrelay.protocol.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dingrelay.protocol.signature.SignatureException.Reason;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

final class SignatureTestSupport {

    private SignatureTestSupport() {
    }

    static void assertRejected(ThrowingCallable call, Reason reason, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SignatureException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.field()).isEqualTo(field);
        });
    }
}
