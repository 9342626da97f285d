package dev.stampede.jdbc.hold;

import dev.stampede.core.hold.Seat;
import dev.stampede.core.hold.Show;
import dev.stampede.core.hold.ShowStore;
import dev.stampede.jdbc.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@link ShowStore} on PostgreSQL: shows, their seat maps and booking rows, straight from the tables. */
final class JdbcShowStore implements ShowStore {

    private final Transactions transactions;
    private final Clock clock;

    JdbcShowStore(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public boolean create(String id, String name, String strategy, List<Seat> seats) {
        return transactions.required(connection -> {
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO shows (id, name, strategy, created_at) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (id) DO NOTHING")) {
                insert.setString(1, id);
                insert.setString(2, name);
                insert.setString(3, strategy);
                insert.setTimestamp(4, Timestamp.from(clock.instant()));
                if (insert.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO seats (show_id, seat_id, position, section, row_label, number)"
                            + " VALUES (?, ?, ?, ?, ?, ?)")) {
                int position = 0;
                for (Seat seat : seats) {
                    insert.setString(1, id);
                    insert.setString(2, seat.id());
                    insert.setInt(3, position++);
                    insert.setString(4, seat.section());
                    insert.setString(5, seat.row());
                    insert.setInt(6, seat.number());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return true;
        });
    }

    @Override
    public Optional<Show> find(String id) {
        return transactions.required(connection -> {
            String name;
            String strategy;
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT name, strategy FROM shows WHERE id = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    name = row.getString(1);
                    strategy = row.getString(2);
                }
            }
            List<Seat> seats = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT seat_id, section, row_label, number FROM seats WHERE show_id = ? ORDER BY position")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        seats.add(new Seat(row.getString(1), row.getString(2), row.getString(3), row.getInt(4)));
                    }
                }
            }
            return Optional.of(new Show(id, name, strategy, seats));
        });
    }

    @Override
    public List<String> idsUsing(String strategy) {
        return transactions.required(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT id FROM shows WHERE strategy = ?")) {
                select.setString(1, strategy);
                List<String> ids = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        ids.add(row.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    @Override
    public List<String> bookedSeatRows(String showId) {
        return transactions.required(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT seat_id FROM bookings WHERE show_id = ? ORDER BY seat_id")) {
                select.setString(1, showId);
                List<String> seats = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        seats.add(row.getString(1));
                    }
                }
                return seats;
            }
        });
    }
}
