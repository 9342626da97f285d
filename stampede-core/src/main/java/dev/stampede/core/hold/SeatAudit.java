package dev.stampede.core.hold;

import java.util.Collection;
import java.util.List;

/**
 * What a show's seats and bookings say at one moment: how many seats are in each status, and how many booking rows the
 * {@link BookingStore} holds. The invariants: no seat is booked twice, and every booked seat has exactly one booking row.
 *
 * @param bookingRows booking rows of the show (one per booked seat when the invariants hold)
 * @param doubleBooked the seats with more than one booking row, each once
 */
public record SeatAudit(
        String showId, int seats, int free, int held, int booked, int bookingRows, List<String> doubleBooked) {

    public SeatAudit {
        doubleBooked = List.copyOf(doubleBooked);
    }

    /**
     * The audit of a show from the status of each of its seats (as its strategy answers them) and the seat id of each
     * of its booking rows (as {@link ShowStore#bookedSeatRows} answers them).
     */
    public static SeatAudit of(String showId, Collection<SeatStatus> statuses, List<String> bookingRows) {
        List<String> doubleBooked = bookingRows.stream()
                .filter(seat -> bookingRows.indexOf(seat) != bookingRows.lastIndexOf(seat))
                .distinct()
                .toList();
        return new SeatAudit(
                showId,
                statuses.size(),
                count(statuses, SeatStatus.FREE),
                count(statuses, SeatStatus.HELD),
                count(statuses, SeatStatus.BOOKED),
                bookingRows.size(),
                doubleBooked);
    }

    private static int count(Collection<SeatStatus> statuses, SeatStatus status) {
        return (int) statuses.stream().filter(status::equals).count();
    }

    public boolean passed() {
        return doubleBooked.isEmpty() && bookingRows == booked;
    }
}
