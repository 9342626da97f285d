package dev.stampede.bench.scenario;

import dev.stampede.bench.report.AuditVerdict;
import dev.stampede.bench.service.StampedeClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import tools.jackson.databind.JsonNode;

/**
 * Checks a show after a seat-holds run, from the service's audit endpoint and, when reachable, the database itself:
 * no seat booked twice (nor at all: the scenario never confirms), every seat free again once the holds are released,
 * and, for the SQL strategies (which keep their holds in the {@code holds} table), as many holds granted as the
 * bench saw successes.
 */
final class SeatHoldAuditor {

    /** The strategy that keeps its holds in Redis rather than in the {@code holds} table. */
    private static final String REDIS = "redis";

    private static final Duration POLL = Duration.ofMillis(200);

    private final StampedeClient service;
    private final Optional<DataSource> database;

    SeatHoldAuditor(StampedeClient service, Optional<DataSource> database) {
        this.service = service;
        this.database = database;
    }

    /**
     * Waits up to {@code patience} until no seat is held (at once, unless a release failed: its hold then expires),
     * then audits.
     */
    AuditVerdict audit(String show, String strategy, int seats, long successesSeen, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        JsonNode audit = service.showAudit(show);
        while (audit.path("held").asInt() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL.toNanos());
            audit = service.showAudit(show);
        }
        List<String> problems = new ArrayList<>();
        List<String> sources = new ArrayList<>(List.of("service"));
        if (!audit.path("passed").asBoolean()) {
            problems.add("the service's audit failed: " + audit);
        }
        List<String> doubleBooked = new ArrayList<>();
        audit.path("doubleBooked").forEach(seat -> doubleBooked.add(seat.asString()));
        if (!doubleBooked.isEmpty()) {
            problems.add("seats booked twice: " + doubleBooked);
        }
        int held = audit.path("held").asInt();
        if (held != 0) {
            problems.add("%d seats still held %ds after the last release".formatted(held, patience.toSeconds()));
        }
        int booked = audit.path("booked").asInt();
        if (booked != 0 || audit.path("bookingRows").asInt() != 0) {
            problems.add(booked + " seats booked, but the scenario never confirms a hold");
        }
        int free = audit.path("free").asInt();
        if (audit.path("seats").asInt() != seats || free != seats) {
            problems.add("%d of %d seats free at the end, expected all %d"
                    .formatted(free, audit.path("seats").asInt(), seats));
        }
        if (database.isPresent()) {
            sources.add("database");
            problems.addAll(databaseProblems(database.get(), show, strategy, successesSeen));
        }
        return new AuditVerdict(
                problems.isEmpty(),
                (long) booked,
                (long) doubleBooked.size(),
                seats,
                free,
                List.copyOf(sources),
                problems);
    }

    private static List<String> databaseProblems(DataSource database, String show, String strategy, long successes) {
        List<String> problems = new ArrayList<>();
        try (Connection connection = database.getConnection()) {
            long[] seats = longs(
                    connection,
                    "select count(*) filter (where state = 'booked'),"
                            + " count(*) filter (where state = 'held' and held_until > now())"
                            + " from seats where show_id = ?",
                    show);
            long bookings = longs(connection, "select count(*) from bookings where show_id = ?", show)[0];
            if (seats[0] != 0 || bookings != 0) {
                problems.add("the database holds %d booked seats and %d bookings; expected none"
                        .formatted(seats[0], bookings));
            }
            if (seats[1] != 0) {
                problems.add("the database still has " + seats[1] + " seats held");
            }
            if (!strategy.equals(REDIS)) {
                long[] holds = longs(
                        connection,
                        "select count(*), count(*) filter (where status = 'held' and expires_at > now())"
                                + " from holds where show_id = ?",
                        show);
                if (holds[0] != successes) {
                    problems.add("the database granted %d holds but the bench saw %d successes"
                            .formatted(holds[0], successes));
                }
                if (holds[1] != 0) {
                    problems.add("the database still has " + holds[1] + " holds active");
                }
            }
        } catch (SQLException e) {
            problems.add("the database could not be read: " + e.getMessage());
        }
        return problems;
    }

    private static long[] longs(Connection connection, String sql, String show) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, show);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                long[] values = new long[row.getMetaData().getColumnCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = row.getLong(i + 1);
                }
                return values;
            }
        }
    }
}
