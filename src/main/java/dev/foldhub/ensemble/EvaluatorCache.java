package dev.foldhub.ensemble;

import dev.foldhub.scoring.BlendEvaluator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Evaluators kept between BLEND jobs and what-if requests (keyed by what they were built from), least recently used
 * first out, bounded both in number and in bytes
 * ({@link BlendEvaluator#estimatedBytes()}): an evaluator larger than the whole budget is not kept at all, so the
 * cache never holds more than its budget beside a running BLEND job. Thread-safe.
 */
final class EvaluatorCache<K> {

    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<K, BlendEvaluator> entries = new LinkedHashMap<>(4, 0.75f, true);
    private long bytes;

    EvaluatorCache(int maxEntries, long maxBytes) {
        if (maxEntries < 1 || maxBytes < 0) {
            throw new IllegalArgumentException("need maxEntries >= 1 and maxBytes >= 0");
        }
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    synchronized BlendEvaluator get(K key) {
        return entries.get(key);
    }

    /** Keeps the evaluator if it fits the budget, evicting the least recently used ones as needed. */
    synchronized void put(K key, BlendEvaluator evaluator) {
        BlendEvaluator old = entries.remove(key);
        if (old != null) {
            bytes -= old.estimatedBytes();
        }
        long size = evaluator.estimatedBytes();
        if (size > maxBytes) {
            return;
        }
        Iterator<Map.Entry<K, BlendEvaluator>> eldest = entries.entrySet().iterator();
        while (eldest.hasNext() && (entries.size() >= maxEntries || bytes + size > maxBytes)) {
            bytes -= eldest.next().getValue().estimatedBytes();
            eldest.remove();
        }
        entries.put(key, evaluator);
        bytes += size;
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int size() {
        return entries.size();
    }
}
