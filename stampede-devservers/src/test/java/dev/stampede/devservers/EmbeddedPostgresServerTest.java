package dev.stampede.devservers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    @TempDir
    Path dataDirectory;

    @Test
    void dataSurvivesARestartAndCommitsAreDurable() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory, 0);
                Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (v text)");
            statement.execute("INSERT INTO kept VALUES ('still here')");
            try (ResultSet settings =
                    statement.executeQuery("SELECT current_setting('fsync'), current_setting('synchronous_commit')")) {
                settings.next();
                assertThat(settings.getString(1)).isEqualTo("on");
                assertThat(settings.getString(2)).isEqualTo("on");
            }
        }

        try (EmbeddedPostgresServer restarted = EmbeddedPostgresServer.start(dataDirectory, 0);
                Connection connection = DriverManager.getConnection(restarted.jdbcUrl(), restarted.user(), "");
                ResultSet row = connection.createStatement().executeQuery("SELECT v FROM kept")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("still here");
        }
    }
}
