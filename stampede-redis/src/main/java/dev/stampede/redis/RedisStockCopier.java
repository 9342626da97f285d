package dev.stampede.redis;

import dev.stampede.core.sale.StockCopies;
import dev.stampede.core.sale.StockCopies.Copy;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a new copy of a SKU's stock in Redis from the durable record ({@link StockCopies#newCopy}: the generation is
 * raised first, so that no order taken from an older copy commits afterwards, then the stock is read), when Redis has
 * none (a new SKU, data lost) or the one it has was found stale. One copy at a time per SKU in this process, and none
 * when Redis already holds a later copy than the stale one, so that a crowd of buyers finding the same gap makes one
 * copy, not one each (several processes may still make one each: the last generation wins, and a buyer whose take
 * came from an earlier one is answered busy).
 */
final class RedisStockCopier {

    /** Where copies go: the keys of a {@code redis} SKU ({@link StockScripts}) or the buckets of a {@code quota} SKU. */
    interface Target {

        /** The generation of the SKU's copy in Redis (empty: none, or not whole); throws {@code RedisException}. */
        OptionalLong generation(String skuId);

        /** Puts the copy into Redis unless a copy of its generation or a later one is there: true if this call did. */
        boolean init(String skuId, Copy copy);
    }

    private static final Logger log = LoggerFactory.getLogger(RedisStockCopier.class);
    private static final int STRIPES = 64;

    private final Target scripts;
    private final StockCopies copies;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    RedisStockCopier(Target scripts, StockCopies copies) {
        this.scripts = scripts;
        this.copies = copies;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /**
     * Makes a new copy of the SKU unless Redis holds a copy later than {@code stale} (empty: unless Redis holds any).
     * False if there is no such SKU. Throws Lettuce's {@code RedisException} when Redis cannot answer, and {@link
     * dev.stampede.core.StoreUnavailableException} when PostgreSQL cannot.
     */
    boolean copy(String skuId, OptionalLong stale) {
        ReentrantLock lock = stripes[Math.floorMod(skuId.hashCode(), STRIPES)];
        lock.lock();
        try {
            OptionalLong held = scripts.generation(skuId);
            if (held.isPresent() && (stale.isEmpty() || held.getAsLong() > stale.getAsLong())) {
                return true;
            }
            Optional<Copy> copy = copies.newCopy(skuId);
            if (copy.isEmpty()) {
                return false;
            }
            if (scripts.init(skuId, copy.get())) {
                log.info(
                        "SKU {} copied into Redis (generation {}): {} of {} units left",
                        skuId,
                        copy.get().generation(),
                        copy.get().stock(),
                        copy.get().initialStock());
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
