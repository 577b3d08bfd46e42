package dev.attune.bench.load;

import dev.attune.schema.EventKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic traffic, one event at a time: a long-tailed choice of user ({@link UserActivity}),
 * items by MovieLens popularity ({@link Popularity}) with each user leaning to three favourite
 * clusters, and a mix of positive clicks, dislikes and queries. Not thread-safe: one per
 * producing thread.
 */
public final class Workload {

    /** Positive kinds and how often each occurs among positive events (views and clicks dominate). */
    private static final EventKind[] POSITIVE = {EventKind.VIEW, EventKind.CLICK, EventKind.LIKE,
            EventKind.ADD_TO_CART, EventKind.PURCHASE};
    private static final double[] POSITIVE_SHARE = {0.35, 0.40, 0.15, 0.07, 0.03};
    private static final int FAVOURITES = 3;

    private final Popularity popularity;
    private final ItemSpace space;
    private final AliasSampler users;
    private final AliasSampler items;
    private final AliasSampler positiveKinds;
    private final AliasSampler[] byCluster;
    private final int[][] clusterItems;
    private final double tasteShare;
    private final double dislikeShare;
    private final double queryShare;
    private final SplittableRandom random;

    public Workload(Popularity popularity, ItemSpace space, int users, double zipf, double tasteShare,
                    double dislikeShare, double queryShare, long seed) {
        if (dislikeShare + queryShare > 1) {
            throw new IllegalArgumentException("dislike and query shares exceed 1");
        }
        this.popularity = popularity;
        this.space = space;
        this.users = UserActivity.zipf(users, zipf);
        this.items = popularity.sampler();
        this.positiveKinds = new AliasSampler(POSITIVE_SHARE);
        this.tasteShare = tasteShare;
        this.dislikeShare = dislikeShare;
        this.queryShare = queryShare;
        this.random = new SplittableRandom(seed);
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < space.clusters(); c++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < popularity.size(); i++) {
            members.get(space.clusterOf(i)).add(i);
        }
        clusterItems = new int[space.clusters()][];
        byCluster = new AliasSampler[space.clusters()];
        double[] all = popularity.weights();
        for (int c = 0; c < space.clusters(); c++) {
            clusterItems[c] = members.get(c).stream().mapToInt(Integer::intValue).toArray();
            double[] w = new double[Math.max(1, clusterItems[c].length)];
            for (int j = 0; j < clusterItems[c].length; j++) {
                w[j] = all[clusterItems[c][j]];
            }
            if (clusterItems[c].length == 0) {
                w[0] = 1;
            }
            byCluster[c] = new AliasSampler(w);
        }
    }

    /** The workload a {@link BenchConfig} describes; {@code stream} separates independent generators of one run. */
    public static Workload from(BenchConfig c, int stream) throws IOException {
        Popularity popularity = Popularity.fromMovieLens(Path.of(c.getString(BenchConfig.DATA_DIR)), c.getInt(BenchConfig.ITEMS));
        return new Workload(popularity, itemSpace(c), c.getInt(BenchConfig.USERS), c.getDouble(BenchConfig.USER_ZIPF),
                c.getDouble(BenchConfig.TASTE_SHARE), c.getDouble(BenchConfig.MIX_DISLIKE), c.getDouble(BenchConfig.MIX_QUERY),
                c.getLong(BenchConfig.SEED) * 31 + stream);
    }

    public static ItemSpace itemSpace(BenchConfig c) {
        return new ItemSpace(c.getInt(BenchConfig.DIMENSION), c.getInt(BenchConfig.CLUSTERS),
                c.getDouble(BenchConfig.ITEM_SPREAD), c.getLong(BenchConfig.SEED));
    }

    public Popularity popularity() {
        return popularity;
    }

    public ItemSpace space() {
        return space;
    }

    public LoadEvent next() {
        int userRank = users.next(random);
        String user = UserActivity.userId(userRank);
        double r = random.nextDouble();
        if (r < queryShare) {
            return query(user, userRank);
        }
        String item = popularity.itemId(itemFor(userRank));
        if (r < queryShare + dislikeShare) {
            return new LoadEvent.Click(user, item, EventKind.DISLIKE);
        }
        return new LoadEvent.Click(user, item, POSITIVE[positiveKinds.next(random)]);
    }

    /** A positive click only (the pipeline throughput figure is about click events). */
    public LoadEvent.Click nextClick() {
        int userRank = users.next(random);
        return new LoadEvent.Click(UserActivity.userId(userRank), popularity.itemId(itemFor(userRank)),
                POSITIVE[positiveKinds.next(random)]);
    }

    private int itemFor(int userRank) {
        if (random.nextDouble() < tasteShare) {
            int cluster = favourite(userRank, random.nextInt(FAVOURITES));
            if (clusterItems[cluster].length > 0) {
                return clusterItems[cluster][byCluster[cluster].next(random)];
            }
        }
        return items.next(random);
    }

    private LoadEvent.Query query(String user, int userRank) {
        int facets = 1 + random.nextInt(3);
        int[] clusters = new int[facets];
        float[] weights = new float[facets];
        boolean[] negative = new boolean[facets];
        float sum = 0;
        for (int f = 0; f < facets; f++) {
            // Mostly about the user's own tastes, sometimes something new; a later facet is sometimes negated.
            clusters[f] = random.nextDouble() < 0.7 ? favourite(userRank, f % FAVOURITES) : random.nextInt(space.clusters());
            weights[f] = 1 + random.nextInt(3);
            negative[f] = f > 0 && random.nextDouble() < 0.25;
            sum += weights[f];
        }
        for (int f = 0; f < facets; f++) {
            weights[f] /= sum;
        }
        return new LoadEvent.Query(user, clusters, weights, negative);
    }

    /** The user's {@code n}-th favourite cluster: a fixed function of the user, so tastes stay put. */
    private int favourite(int userRank, int n) {
        long h = (userRank + 1L) * 0x9E3779B97F4A7C15L + n * 0xBF58476D1CE4E5B9L;
        h ^= h >>> 31;
        return (int) Math.floorMod(h, (long) space.clusters());
    }
}
