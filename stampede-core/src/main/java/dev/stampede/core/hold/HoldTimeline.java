package dev.stampede.core.hold;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Granted holds as their holders saw them, to prove that no seat ever had two holders at once. Each interval runs from
 * the moment the grant was answered to the moment its end (release, confirmation or expiry) was asked for: the hold
 * certainly covered its seats during that interval, so two overlapping intervals on one seat are a double hold.
 * Thread-safe; times are any monotonic clock (for example {@link System#nanoTime()}).
 */
public final class HoldTimeline {

    /** One granted hold, held from {@code from} to {@code to} (exclusive). */
    public record Interval(String holdId, String holderId, List<String> seats, long from, long to) {
        public Interval {
            seats = List.copyOf(seats);
            if (to < from) {
                throw new IllegalArgumentException("a hold cannot end before it starts: " + from + " > " + to);
            }
        }
    }

    /** Two holds that covered {@code seat} at the same time. */
    public record Overlap(String seat, Interval first, Interval second) {}

    private final ConcurrentLinkedQueue<Interval> intervals = new ConcurrentLinkedQueue<>();

    public void record(Interval interval) {
        intervals.add(interval);
    }

    public int size() {
        return intervals.size();
    }

    /** Every pair of holds that covered one seat at once, in seat order; empty when no seat was ever double-held. */
    public List<Overlap> overlaps() {
        Map<String, List<Interval>> bySeat = new HashMap<>();
        for (Interval interval : intervals) {
            for (String seat : interval.seats()) {
                bySeat.computeIfAbsent(seat, s -> new ArrayList<>()).add(interval);
            }
        }
        List<Overlap> overlaps = new ArrayList<>();
        bySeat.keySet().stream().sorted().forEach(seat -> {
            List<Interval> held = bySeat.get(seat);
            held.sort(Comparator.comparingLong(Interval::from));
            Interval latestEnding = null;
            for (Interval interval : held) {
                if (latestEnding != null && interval.from() < latestEnding.to()) {
                    overlaps.add(new Overlap(seat, latestEnding, interval));
                }
                if (latestEnding == null || interval.to() > latestEnding.to()) {
                    latestEnding = interval;
                }
            }
        });
        return overlaps;
    }
}
