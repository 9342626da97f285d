package dev.stampede.redis;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A data source whose booking transactions ({@code UPDATE seats SET state = 'booked' ...}) a test cuts off as a process
 * killed at that instant would be: the service dies just before the commit (PostgreSQL rolls back), just after it
 * (committed, nothing else done), or stalls before the write until the test lets it go on. Dying is a {@link Death}
 * error that no layer of the service catches; the test treats the service that threw it as dead.
 */
final class CutOffDataSource {

    /** Where a booking transaction is cut off. */
    enum Cut {
        BEFORE_COMMIT,
        AFTER_COMMIT,
        STALL_BEFORE_WRITE
    }

    /** The process died here. */
    static final class Death extends Error {
        Death(String where) {
            super("the service died " + where);
        }
    }

    private static final String BOOKING = "UPDATE seats SET state = 'booked'";

    private final DataSource target;
    private final Cut cut;
    private final CountDownLatch stalled = new CountDownLatch(1);
    private final CountDownLatch goOn = new CountDownLatch(1);

    private CutOffDataSource(DataSource target, Cut cut) {
        this.target = target;
        this.cut = cut;
    }

    static CutOffDataSource cutting(DataSource target, Cut cut) {
        return new CutOffDataSource(target, cut);
    }

    DataSource dataSource() {
        return proxy(DataSource.class, (proxy, method, args) -> {
            Object result = invoke(target, method, args);
            return result instanceof Connection connection ? connection(connection) : result;
        });
    }

    /** Blocks until a stalled booking write has been reached. */
    void awaitStall() throws InterruptedException {
        if (!stalled.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("no booking write reached the stall");
        }
    }

    /** Lets a stalled booking write go on. */
    void release() {
        goOn.countDown();
    }

    private Connection connection(Connection connection) {
        boolean[] booking = {false};
        return proxy(Connection.class, (proxy, method, args) -> {
            if (method.getName().equals("prepareStatement") && ((String) args[0]).startsWith(BOOKING)) {
                booking[0] = true;
                if (cut == Cut.STALL_BEFORE_WRITE) {
                    stalled.countDown();
                    if (!goOn.await(60, TimeUnit.SECONDS)) {
                        throw new AssertionError("the stalled booking write was never let go on");
                    }
                }
            }
            if (method.getName().equals("commit") && booking[0]) {
                booking[0] = false;
                if (cut == Cut.BEFORE_COMMIT) {
                    throw new Death("before the commit of a booking");
                }
                invoke(connection, method, args);
                if (cut == Cut.AFTER_COMMIT) {
                    throw new Death("after the commit of a booking");
                }
                return null;
            }
            return invoke(connection, method, args);
        });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
