package dev.stampede.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.token.PoolDrift;
import dev.stampede.devservers.EmbeddedRedisServer;
import dev.stampede.testkit.SaleFuzz;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis server owned by the test, stopped under a {@code tokens} sale and started again empty (issue 13, item 5):
 * while it is down every purchase fails as unavailable (the service answers 503 busy) and nothing is sold; once it is
 * back the pool is copied again from the ledger and the sale resumes, selling exactly the stock, nothing twice.
 */
class TokenRedisOutageTest {

    private EmbeddedRedisServer server = EmbeddedRedisServer.start(0);
    private final int port = URI.create(server.url()).getPort();
    private final RedisClient client = RedisClient.create(server.url());
    private final StatefulRedisConnection<String, String> connection = TestRedis.connectRejectingWhileDown(client);
    private final TokenFixture fixture = TokenFixture.on(connection, Clock.systemUTC());

    @AfterEach
    void stop() {
        connection.close();
        client.shutdown();
        server.close();
    }

    @Test
    void whileRedisIsDownNothingIsSoldAndOnceItIsBackTheSaleResumesWithoutSellingTwice() {
        String sku = fixture.newSku(10);
        SaleFuzz.Outcome before = SaleFuzz.run(fixture.sale(), 4, 4, i -> PurchaseRequest.of(sku, "before-" + i, 1));
        assertThat(before.of(Purchased.class)).hasSize(4);

        server.close();

        assertThatThrownBy(() -> fixture.sale().purchase(PurchaseRequest.of(sku, "during", 1)))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(fixture.audit(sku).unitsInOrders()).isEqualTo(4);

        server = EmbeddedRedisServer.start(port);
        PurchaseResult resumed = await().atMost(Duration.ofSeconds(60))
                .ignoreException(StoreUnavailableException.class)
                .until(() -> fixture.sale().purchase(PurchaseRequest.of(sku, "resumed", 1)), result -> true);
        SaleFuzz.Outcome after = SaleFuzz.run(fixture.sale(), 8, 20, i -> PurchaseRequest.of(sku, "after-" + i, 1));

        assertThat(resumed).isInstanceOf(Purchased.class);
        assertThat(after.of(Purchased.class)).hasSize(5);
        assertThat(after.of(SoldOut.class)).hasSize(15);
        assertThat(fixture.audit(sku).violations()).isEmpty();
        assertThat(fixture.audit(sku).unitsInOrders()).isEqualTo(10);
        assertThat(fixture.tokenAudit(sku).violations()).isEmpty();
        assertThat(fixture.tokenAudit(sku).drift()).contains(PoolDrift.NONE);
    }
}
