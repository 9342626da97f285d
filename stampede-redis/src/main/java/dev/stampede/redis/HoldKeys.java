package dev.stampede.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * The Redis keys of the {@code redis} hold strategy, all under one prefix (so that several services or test runs may
 * share one Redis). A seat key holds a token {@code kind|holdId|millis|fence}; a hold key a hash of the hold.
 *
 * <p>Every key carries the one hash tag {@code {holds}}, so that they all live in one hash slot: a hold's scripts take
 * its hold, the sets of every hold (active, confirming) and the ready marker with its seats, and Redis Cluster runs a
 * script only on keys of one slot. The price on a cluster: every hold is served by one shard (and its replica).
 */
record HoldKeys(String prefix) {

    private static final String TAG = "{holds}:";

    String seat(String showId, String seatId) {
        return prefix + TAG + "seat:" + showId + ":" + seatId;
    }

    List<String> seats(String showId, List<String> seatIds) {
        return seatIds.stream().map(seat -> seat(showId, seat)).toList();
    }

    String hold(String holdId) {
        return prefix + TAG + "hold:" + holdId;
    }

    /** The keys the scripts acting on one hold take, in their order: hold, active set, confirming set, seats. */
    List<String> ofHold(String holdId, String showId, List<String> seatIds) {
        List<String> keys = new ArrayList<>(seatIds.size() + 3);
        keys.add(hold(holdId));
        keys.add(active());
        keys.add(confirming());
        keys.addAll(seats(showId, seatIds));
        return keys;
    }

    /** The fencing-token counter of a show. */
    String fence(String showId) {
        return prefix + TAG + "fence:" + showId;
    }

    /** Held holds by expiry (epoch milliseconds). */
    String active() {
        return prefix + TAG + "active";
    }

    /** Claimed holds (written to PostgreSQL, or about to be) by the deadline after which PostgreSQL decides them. */
    String confirming() {
        return prefix + TAG + "confirming";
    }

    /** Present once the booked seats of PostgreSQL are in Redis; gone when Redis restarts empty or is flushed. */
    String ready() {
        return prefix + TAG + "ready";
    }

    /** Taken by the one service instance rebuilding Redis from PostgreSQL. */
    String rebuilding() {
        return prefix + TAG + "rebuilding";
    }
}
