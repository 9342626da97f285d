package dev.stampede.payments;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.checkout.PaymentProvider;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link PaymentProvider} at {@code baseUrl}, over HTTP ({@link PaymentService}'s API), with the JDK's {@link
 * HttpClient}. Each call waits at most {@code timeout} for its answer. A charge that could not be sent (the connection
 * refused) is {@link StoreUnavailableException}: nothing was charged. A charge sent and left without an answer (a
 * timeout, a connection closed mid-way, a 5xx) is {@link OutcomeUnknownException}: it may have been made. A key sent
 * again with another amount is a bug of the caller ({@link IllegalStateException}).
 */
public final class HttpPaymentProvider implements PaymentProvider {

    private static final JsonMapper json = JsonMapper.builder().build();

    private final URI baseUrl;
    private final Duration timeout;
    private final HttpClient client;

    public HttpPaymentProvider(URI baseUrl, Duration timeout) {
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public Decision charge(String key, long amount) {
        String body = json.writeValueAsString(Map.of("key", key, "amount", amount));
        HttpResponse<String> response = send(HttpRequest.newBuilder(baseUrl.resolve("/charges"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        return switch (response.statusCode()) {
            case 200, 402 -> decision(json.readTree(response.body()));
            case 409 -> throw new IllegalStateException("payment key " + key + " was used for another amount");
            default -> throw unexpected("charge " + key, response);
        };
    }

    @Override
    public Optional<Decision> lookUp(String key) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(charge(key)).GET());
        return switch (response.statusCode()) {
            case 200 -> Optional.of(decision(json.readTree(response.body())));
            case 404 -> Optional.empty();
            default -> throw unexpected("look up " + key, response);
        };
    }

    @Override
    public Cancellation cancel(String key) {
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(URI.create(charge(key) + "/cancel")).POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 200) {
            throw unexpected("cancel " + key, response);
        }
        return json.readTree(response.body()).path("status").asString().equals("refunded")
                ? Cancellation.REFUNDED
                : Cancellation.VOIDED;
    }

    private URI charge(String key) {
        return baseUrl.resolve("/charges/" + URLEncoder.encode(key, StandardCharsets.UTF_8));
    }

    private static Decision decision(JsonNode charge) {
        return switch (charge.path("status").asString()) {
            case "charged" -> new Charged(charge.path("chargeId").asString());
            case "declined" -> new Declined(charge.path("reason").asString());
            case "refunded" -> new Cancelled(Cancellation.REFUNDED);
            case "voided" -> new Cancelled(Cancellation.VOIDED);
            default -> throw new IllegalStateException("the payment provider answered an unknown status: " + charge);
        };
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new StoreUnavailableException("the payment provider could not be reached: " + e, e);
        } catch (HttpTimeoutException e) {
            throw new OutcomeUnknownException("the payment provider did not answer within " + timeout, e);
        } catch (IOException e) {
            throw new OutcomeUnknownException("the payment provider's answer was lost: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutcomeUnknownException("interrupted while waiting for the payment provider", e);
        }
    }

    /** A status the API does not give for this call: a 5xx or a proxy's answer. The call may have been applied. */
    private static OutcomeUnknownException unexpected(String call, HttpResponse<String> response) {
        return new OutcomeUnknownException(
                "the payment provider answered " + call + " with HTTP " + response.statusCode(), null);
    }
}
