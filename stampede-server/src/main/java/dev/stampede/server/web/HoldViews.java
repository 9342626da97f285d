package dev.stampede.server.web;

import dev.stampede.core.hold.Booking;
import dev.stampede.core.hold.Seat;
import dev.stampede.core.hold.SeatAudit;
import dev.stampede.core.hold.SeatHold;
import dev.stampede.core.hold.SeatStatus;
import dev.stampede.core.hold.Show;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the shows and holds API. */
final class HoldViews {

    private HoldViews() {}

    record CreateShow(
            String id, String name, String strategy, Integer rows, Integer seatsPerRow, List<String> sections) {}

    record HoldBody(List<String> seatIds, String holderId, Integer ttlSeconds) {}

    record ConfirmBody(String holderId, Long fence) {}

    record ExtendBody(String holderId, Integer ttlSeconds) {}

    record ExtendedView(String holdId, java.time.Instant expiresAt) {}

    record ShowView(String id, String name, String strategy, int seats, List<String> sections) {
        static ShowView of(Show show) {
            List<String> sections = show.seats().stream()
                    .map(Seat::section)
                    .filter(section -> section != null)
                    .distinct()
                    .toList();
            return new ShowView(
                    show.id(), show.name(), show.strategy(), show.seats().size(), sections);
        }
    }

    record SeatView(String seatId, String section, String row, int number, String status) {}

    record SeatsView(String showId, List<SeatView> seats) {
        static SeatsView of(Show show, Map<Seat, SeatStatus> seats, SeatStatus only) {
            return new SeatsView(
                    show.id(),
                    seats.entrySet().stream()
                            .filter(entry -> only == null || entry.getValue() == only)
                            .map(entry -> new SeatView(
                                    entry.getKey().id(),
                                    entry.getKey().section(),
                                    entry.getKey().row(),
                                    entry.getKey().number(),
                                    entry.getValue().id()))
                            .toList());
        }
    }

    record HoldView(String holdId, String showId, String holderId, List<String> seats, Instant expiresAt, long fence) {
        static HoldView of(SeatHold hold) {
            return new HoldView(
                    hold.holdId(), hold.showId(), hold.holderId(), hold.seats(), hold.expiresAt(), hold.fence());
        }
    }

    record BookingView(
            String holdId, String showId, String holderId, List<String> seats, long fence, Instant bookedAt) {
        static BookingView of(Booking booking) {
            return new BookingView(
                    booking.holdId(),
                    booking.showId(),
                    booking.holderId(),
                    booking.seats(),
                    booking.fence(),
                    booking.bookedAt());
        }
    }

    record AuditView(
            String showId,
            boolean passed,
            int seats,
            int free,
            int held,
            int booked,
            int bookingRows,
            List<String> doubleBooked) {
        static AuditView of(SeatAudit audit) {
            return new AuditView(
                    audit.showId(),
                    audit.passed(),
                    audit.seats(),
                    audit.free(),
                    audit.held(),
                    audit.booked(),
                    audit.bookingRows(),
                    audit.doubleBooked());
        }
    }
}
