package dev.llmgateway.usage;

/** What a key used today and this month (UTC), against its budget. */
public record Spent(long tokensToday, long tokensThisMonth, double costToday, double costThisMonth) {

    public static final Spent NOTHING = new Spent(0, 0, 0, 0);
}
