package io.dingrelay.events.ids;

/** The one check every typed identifier makes: present and not blank. */
final class Ids {

    private Ids() {
    }

    static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
