package dev.stampede.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** A real data source that counts the connections taken from it and the commits made on them. */
public final class CountingDataSource {

    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger commits = new AtomicInteger();
    private final DataSource counted;

    public CountingDataSource(DataSource delegate) {
        counted = proxy(DataSource.class, delegate, method -> {
            if (method.getName().equals("getConnection")) {
                connections.incrementAndGet();
            }
        });
    }

    /** The data source whose use is counted. */
    public DataSource dataSource() {
        return counted;
    }

    /** Connections taken so far: one per transaction attempt. */
    public AtomicInteger connections() {
        return connections;
    }

    /** Commits made so far on those connections (successful or not). */
    public AtomicInteger commits() {
        return commits;
    }

    @FunctionalInterface
    private interface Call {
        void seen(Method method);
    }

    private <T> T proxy(Class<T> type, T target, Call call) {
        return type.cast(Proxy.newProxyInstance(
                CountingDataSource.class.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
                    call.seen(method);
                    Object result;
                    try {
                        result = method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    return result instanceof Connection connection && type == DataSource.class
                            ? proxy(Connection.class, connection, this::onConnection)
                            : result;
                }));
    }

    private void onConnection(Method method) {
        if (method.getName().equals("commit")) {
            commits.incrementAndGet();
        }
    }
}
