package dev.llmgateway.security;

/**
 * Makes a value a client chose (a model name, a WebSocket id, a Host header) safe to put in a log
 * line or an error message: control characters and Unicode line breaks are escaped, so that
 * {@code "x\n12:00:00 INFO admin logged in"} stays on its one line, anything shaped like a
 * credential is masked ({@link Secrets}), and it is cut at 200 characters.
 */
public final class LogSafe {

    private static final int MAX = 200;

    private LogSafe() {
    }

    public static String text(Object value) {
        if (value == null) {
            return "(none)";
        }
        String text = Secrets.scrub(value.toString());
        StringBuilder safe = new StringBuilder(Math.min(text.length(), MAX) + 8);
        int i = 0;
        for (; i < text.length() && safe.length() < MAX; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> safe.append("\\n");
                case '\r' -> safe.append("\\r");
                case '\t' -> safe.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        safe.append(String.format("\\u%04x", (int) c));
                    } else {
                        safe.append(c);
                    }
                }
            }
        }
        return i < text.length() ? safe + "..." : safe.toString();
    }

    /**
     * The failure with its messages escaped, for a log line with a stack trace: an exception's
     * message can carry client input ({@code NumberFormatException: For input string: "…"}).
     */
    public static Throwable failure(Throwable failure) {
        if (failure == null) {
            return null;
        }
        Throwable cause = failure.getCause() == null || failure.getCause() == failure ? null : failure(failure.getCause());
        EscapedFailure safe = new EscapedFailure(failure.getClass().getName() + ": " + text(failure.getMessage()), cause);
        safe.setStackTrace(failure.getStackTrace());
        return safe;
    }

    /** A failure as logged: the original's class and escaped message, and its stack trace. */
    static final class EscapedFailure extends RuntimeException {
        EscapedFailure(String message, Throwable cause) {
            super(message, cause, false, true);
        }
    }
}
