package dev.stampede.jdbc.hold;

import dev.stampede.core.hold.Seat;
import dev.stampede.core.hold.Show;
import dev.stampede.core.hold.ShowStore;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
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
            Sql sql = Sql.on(connection);
            if (!sql.updateOne(
                    "show creation",
                    sql.dialect()
                            .insertIgnoringDuplicates(
                                    "INSERT INTO shows (id, name, strategy, created_at) VALUES (?, ?, ?, ?)"),
                    id,
                    name,
                    strategy,
                    clock.instant())) {
                return false;
            }
            List<Object[]> rows = new ArrayList<>(seats.size());
            for (Seat seat : seats) {
                rows.add(new Object[] {id, seat.id(), rows.size(), seat.section(), seat.row(), seat.number()});
            }
            sql.batch(
                    "INSERT INTO seats (show_id, seat_id, position, section, row_label, number)"
                            + " VALUES (?, ?, ?, ?, ?, ?)",
                    rows);
            return true;
        });
    }

    @Override
    public Optional<Show> find(String id) {
        return transactions.required(connection -> {
            Sql sql = Sql.on(connection);
            Optional<String[]> show = sql.queryFirst(
                    "SELECT name, strategy FROM shows WHERE id = ?",
                    row -> new String[] {row.getString(1), row.getString(2)},
                    id);
            if (show.isEmpty()) {
                return Optional.empty();
            }
            List<Seat> seats = sql.query(
                    "SELECT seat_id, section, row_label, number FROM seats WHERE show_id = ? ORDER BY position",
                    row -> new Seat(row.getString(1), row.getString(2), row.getString(3), row.getInt(4)),
                    id);
            return Optional.of(new Show(id, show.get()[0], show.get()[1], seats));
        });
    }

    @Override
    public List<String> idsUsing(String strategy) {
        return transactions.required(connection ->
                Sql.on(connection).query("SELECT id FROM shows WHERE strategy = ?", row -> row.getString(1), strategy));
    }

    @Override
    public List<String> bookedSeatRows(String showId) {
        return transactions.required(connection -> Sql.on(connection)
                .query(
                        "SELECT seat_id FROM bookings WHERE show_id = ? ORDER BY seat_id",
                        row -> row.getString(1),
                        showId));
    }
}
