package dev.attune.streams.http;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Validation of path and query parameters; each failure is a 400 that says what is wrong. */
public final class Params {

    /** Longest id accepted; ids are Kafka keys, and a page or log line should still show them whole. */
    public static final int MAX_ID_LENGTH = 256;
    public static final int MAX_LIMIT = 500;

    private Params() {
    }

    /** A user or item id: 1 to 256 characters, no control characters, not only blanks. */
    public static String id(String raw, String what) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.badRequest(what + " must not be empty");
        }
        if (raw.length() > MAX_ID_LENGTH) {
            throw ApiException.badRequest(what + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        for (int i = 0; i < raw.length(); i++) {
            if (Character.isISOControl(raw.charAt(i))) {
                throw ApiException.badRequest(what + " contains a control character at position " + i);
            }
        }
        return raw;
    }

    /** An optional instant: ISO-8601 ("2024-05-01T12:00:00Z") or epoch milliseconds; {@code fallback} when absent. */
    public static Instant instant(String raw, String name, Instant fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            if (raw.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(raw));
            }
            return Instant.parse(raw);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant (e.g. 2024-05-01T12:00:00Z) or epoch milliseconds, got '"
                    + abbreviate(raw) + "'");
        }
    }

    /** An optional positive count up to {@code max}; {@code fallback} when absent. */
    public static int limit(String raw, String name, int fallback, int max) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number, got '" + abbreviate(raw) + "'");
        }
        if (value < 1 || value > max) {
            throw ApiException.badRequest(name + " must be between 1 and " + max + ", got " + value);
        }
        return value;
    }

    private static String abbreviate(String raw) {
        String printable = raw.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }
}
