package dev.stampede.bench.scenario;

import dev.stampede.bench.load.OutcomeCounts;
import dev.stampede.bench.report.AuditVerdict;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The audit of generic mode: runs the user's {@code --audit-sql} and reads its first row. A column {@code passed}
 * (boolean) decides the verdict; a column {@code orders} must agree with the answers the bench saw ({@link
 * OrdersAgainstAnswers}); the row is reported.
 */
final class SqlAuditor {

    private SqlAuditor() {}

    static AuditVerdict audit(DataSource database, String sql, OutcomeCounts seen) {
        Map<String, Object> row = firstRow(database, sql);
        List<String> problems = new ArrayList<>();
        Object passed = row.get("passed");
        if (passed != null
                && !Boolean.parseBoolean(passed.toString())
                && !passed.toString().equals("t")) {
            problems.add("the audit query says passed = " + passed);
        }
        Long orders = row.get("orders") instanceof Number number ? number.longValue() : null;
        if (orders != null) {
            OrdersAgainstAnswers.problem(orders, seen).ifPresent(problems::add);
        }
        Long oversold = row.get("oversold") instanceof Number number ? number.longValue() : null;
        if (oversold != null && oversold > 0) {
            problems.add("oversold by " + oversold);
        }
        return new AuditVerdict(problems.isEmpty(), orders, oversold, null, null, List.of("sql: " + row), problems);
    }

    private static Map<String, Object> firstRow(DataSource database, String sql) {
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new IllegalStateException("--audit-sql returned no row");
            }
            ResultSetMetaData columns = rows.getMetaData();
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                row.put(columns.getColumnLabel(i).toLowerCase(), rows.getObject(i));
            }
            return row;
        } catch (SQLException e) {
            throw new IllegalStateException("--audit-sql failed: " + e.getMessage(), e);
        }
    }
}
