package dev.stampede.core.hold;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;

/**
 * Lays out the seats of a show: {@code rows} rows (A, B, ..., Z, AA, AB, ...) of {@code seatsPerRow} seats numbered
 * from 1, in each section. A seat's id is its row and number ({@code C12}), prefixed by its section and a dash when
 * the show has sections ({@code balcony-C12}).
 */
public final class SeatMap {

    private SeatMap() {}

    public static List<Seat> of(int rows, int seatsPerRow, List<String> sections) {
        if (rows < 1 || seatsPerRow < 1) {
            throw new IllegalArgumentException("a seat map needs at least one row and one seat per row");
        }
        if (new HashSet<>(sections).size() != sections.size()) {
            throw new IllegalArgumentException("section names must be distinct: " + sections);
        }
        List<String> parts = sections.isEmpty() ? Collections.singletonList(null) : sections;
        List<Seat> seats = new ArrayList<>(parts.size() * rows * seatsPerRow);
        for (String section : parts) {
            for (int row = 0; row < rows; row++) {
                String label = rowLabel(row);
                for (int number = 1; number <= seatsPerRow; number++) {
                    String id = (section == null ? "" : section + "-") + label + number;
                    seats.add(new Seat(id, section, label, number));
                }
            }
        }
        return seats;
    }

    /** 0 is A, 25 is Z, 26 is AA. */
    static String rowLabel(int index) {
        StringBuilder label = new StringBuilder();
        for (int i = index + 1; i > 0; i = (i - 1) / 26) {
            label.insert(0, (char) ('A' + (i - 1) % 26));
        }
        return label.toString();
    }
}
