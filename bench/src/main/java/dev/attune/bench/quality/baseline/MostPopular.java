package dev.attune.bench.quality.baseline;

import dev.attune.bench.quality.Catalogue;
import dev.attune.bench.quality.protocol.Feedback;
import dev.attune.bench.quality.protocol.Interaction;
import dev.attune.bench.quality.protocol.UserCase;

import java.util.List;

/** Most popular as of the split time: items by number of positive events observed so far. */
public final class MostPopular implements Recommender {

    private final Catalogue catalogue;
    private final double[] counts;

    public MostPopular(Catalogue catalogue) {
        this.catalogue = catalogue;
        this.counts = new double[catalogue.size()];
    }

    @Override
    public String name() {
        return "Most popular";
    }

    @Override
    public void observe(Interaction event) {
        int i = catalogue.indexOf(event.itemId());
        if (i >= 0 && event.feedback() == Feedback.POSITIVE) {
            counts[i]++;
        }
    }

    @Override
    public List<String> recommend(UserCase user, int k) {
        return catalogue.topK(counts, user.seen(), k);
    }
}
