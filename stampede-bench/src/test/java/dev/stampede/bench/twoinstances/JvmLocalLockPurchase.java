package dev.stampede.bench.twoinstances;

import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseStrategy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The read-modify-write of {@code unsafe} behind a {@link ReentrantLock} per SKU: correct inside one JVM, and wrong as
 * soon as two instances sell the same SKU, because each JVM's lock knows nothing of the other's. Kept in the tests
 * only, to show why a distributed lock or a database-level mechanism is needed.
 */
final class JvmLocalLockPurchase implements PurchaseStrategy {

    private final PurchaseStrategy readModifyWrite;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    JvmLocalLockPurchase(PurchaseStrategy readModifyWrite) {
        this.readModifyWrite = readModifyWrite;
    }

    @Override
    public String name() {
        return "jvm-lock";
    }

    @Override
    public PurchaseResult purchase(PurchaseRequest request) {
        ReentrantLock lock = locks.computeIfAbsent(request.skuId(), sku -> new ReentrantLock());
        lock.lock();
        try {
            return readModifyWrite.purchase(request);
        } finally {
            lock.unlock();
        }
    }
}
