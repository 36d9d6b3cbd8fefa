package io.cpimon.simulator.tenant;

/**
 * How many of a real tenant's awkward behaviours the traffic generator produces. Immutable.
 *
 * @param retryNullDatesRatio share of messages that become a RETRY entry with null LogStart/LogEnd
 * @param abandonedRatio      share of messages that stay PROCESSING and then become ABANDONED
 * @param sameMillisBurstRatio share of messages that arrive in bursts ending in the same LogEnd millisecond
 * @param lateVisibleRatio    share of messages visible only 1-10 minutes after their LogEnd
 */
public record Realism(double retryNullDatesRatio, double abandonedRatio, double sameMillisBurstRatio, double lateVisibleRatio) {

    /** Status moves (PROCESSING → final) only: the walking-skeleton default. */
    public static final Realism BASIC = new Realism(0, 0, 0, 0);
    /** All of it, with small shares: what the demo and the scenarios use. */
    public static final Realism FULL = new Realism(0.005, 0.005, 0.05, 0.01);

    public Realism {
        for (double r : new double[] {retryNullDatesRatio, abandonedRatio, sameMillisBurstRatio, lateVisibleRatio}) {
            if (r < 0 || r > 1) {
                throw new IllegalArgumentException("ratio out of range: " + r);
            }
        }
    }
}
