package dev.attune.bench.load;

/**
 * How often each user acts: a Zipf law over users (user of rank r gets weight 1/(r+1)^s), the
 * long tail of real sites where a few users are very active and most come rarely. {@code s=0}
 * is uniform.
 */
public final class UserActivity {

    private UserActivity() {
    }

    public static AliasSampler zipf(int users, double exponent) {
        if (users <= 0 || exponent < 0) {
            throw new IllegalArgumentException("users must be positive and the exponent non-negative");
        }
        double[] weights = new double[users];
        for (int r = 0; r < users; r++) {
            weights[r] = Math.pow(r + 1, -exponent);
        }
        return new AliasSampler(weights);
    }

    /** The user id of rank {@code r}: stable, so runs and harnesses agree on who is who. */
    public static String userId(int r) {
        return "u" + r;
    }
}
