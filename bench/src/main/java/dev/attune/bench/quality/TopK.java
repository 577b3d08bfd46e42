package dev.attune.bench.quality;

import java.util.PriorityQueue;

/** Keeps the k best (index, score) pairs; on equal scores the lower index wins. */
final class TopK {

    private record Entry(int index, double score) {
    }

    private final int k;
    // The worst kept entry is at the head: lowest score, then highest index.
    private final PriorityQueue<Entry> heap = new PriorityQueue<>((a, b) -> {
        int c = Double.compare(a.score, b.score);
        return c != 0 ? c : Integer.compare(b.index, a.index);
    });

    TopK(int k) {
        this.k = k;
    }

    void offer(int index, double score) {
        if (k <= 0) {
            return;
        }
        if (heap.size() < k) {
            heap.add(new Entry(index, score));
            return;
        }
        Entry worst = heap.peek();
        if (score > worst.score || (score == worst.score && index < worst.index)) {
            heap.poll();
            heap.add(new Entry(index, score));
        }
    }

    int[] indicesBestFirst() {
        int[] out = new int[heap.size()];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = heap.poll().index;
        }
        return out;
    }
}
