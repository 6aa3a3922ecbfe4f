package dev.foldhub.errors;

/**
 * A caller holds as many of something (open event streams) as one caller may (shown as a 429), or the server holds as
 * many as it serves in all (a 503). Either names the setting of the limit in {@link #limit()}.
 */
public class LimitReachedException extends FoldhubException {

    private final boolean perCaller;
    private final String limit;

    private LimitReachedException(boolean perCaller, String detail, String limit) {
        super(null, perCaller ? "Too many requests" : "Server busy", detail);
        this.perCaller = perCaller;
        this.limit = limit;
    }

    /** This caller is at its own limit; it may try again once it closed one. */
    public static LimitReachedException perCaller(String detail, String limit) {
        return new LimitReachedException(true, detail, limit);
    }

    /** The server is at its limit for everyone. */
    public static LimitReachedException total(String detail, String limit) {
        return new LimitReachedException(false, detail, limit);
    }

    public boolean isPerCaller() {
        return perCaller;
    }

    /** The setting (a property name) whose limit was reached. */
    public String limit() {
        return limit;
    }
}
