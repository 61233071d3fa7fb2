package io.dingrelay.registry.service;

/** Input the registry refuses: answered 400 naming {@link #field()} and why (never echoing a credential). */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String reason) {
        super(reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
