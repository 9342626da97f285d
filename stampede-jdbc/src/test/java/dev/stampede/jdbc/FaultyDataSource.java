package dev.stampede.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A real data source that throws an injected fault on the next {@link #getConnection()}, once. */
public final class FaultyDataSource implements DataSource {

    private final DataSource delegate;
    private final AtomicReference<Throwable> next = new AtomicReference<>();

    public FaultyDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /** The next connection asked for fails with {@code fault} (an {@link Error} or a runtime exception). */
    public void failNextConnection(Throwable fault) {
        next.set(fault);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Throwable fault = next.getAndSet(null);
        switch (fault) {
            case null -> {
                return delegate.getConnection();
            }
            case Error error -> throw error;
            case RuntimeException exception -> throw exception;
            case SQLException exception -> throw exception;
            default -> throw new IllegalArgumentException("not an unchecked fault: " + fault);
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLException("not supported");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return delegate.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return delegate.isWrapperFor(type);
    }
}
