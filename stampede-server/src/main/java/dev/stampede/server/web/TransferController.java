package dev.stampede.server.web;

import dev.stampede.core.transfer.MoneyAudit;
import dev.stampede.core.transfer.TransferRequest;
import dev.stampede.core.transfer.TransferResult;
import dev.stampede.server.transfer.Transfers;
import dev.stampede.server.web.Views.AccountView;
import dev.stampede.server.web.Views.MoneyAuditView;
import dev.stampede.server.web.Views.OpenAccount;
import dev.stampede.server.web.Views.TransferBody;
import dev.stampede.server.web.Views.TransferView;
import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Accounts (opened by an admin) and transfers between them, in integer minor units. */
@RestController
class TransferController {

    /** A quadrillion minor units: far beyond any balance, far below overflow. */
    private static final long MAX_AMOUNT = 1_000_000_000_000_000L;

    private final Transfers transfers;

    TransferController(Transfers transfers) {
        this.transfers = transfers;
    }

    @ProblemTypes({Problems.ACCOUNT_EXISTS})
    @AdminOnly
    @PostMapping(path = "/api/accounts", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AccountView> open(@RequestBody OpenAccount body) {
        String id = Validation.id("id", body.id());
        long opening = Validation.between("openingBalance", body.openingBalance(), 0, MAX_AMOUNT);
        if (!transfers.open(id, opening)) {
            throw new ProblemException(Problems.ACCOUNT_EXISTS, "An account with id '" + id + "' exists.");
        }
        return ResponseEntity.created(URI.create("/api/accounts/" + id)).body(view(id));
    }

    @ProblemTypes({Problems.UNKNOWN_ACCOUNT})
    @GetMapping("/api/accounts/{id}")
    AccountView account(@PathVariable String id) {
        return view(id);
    }

    /** Over every account, or over those whose id starts with {@code accountPrefix} and the transfers they pay. */
    @GetMapping("/api/transfers/audit")
    MoneyAuditView audit(@RequestParam(defaultValue = "") String accountPrefix) {
        MoneyAudit audit = transfers.audit(accountPrefix);
        return new MoneyAuditView(
                audit.passed(),
                audit.accounts(),
                audit.opening(),
                audit.balances(),
                audit.reserved(),
                audit.transfers(),
                audit.negativeAccounts(),
                audit.ledgerMismatches(),
                audit.unbalancedTransfers(),
                audit.duplicateKeys(),
                audit.violations());
    }

    @ProblemTypes({Problems.UNKNOWN_ACCOUNT, Problems.INSUFFICIENT_FUNDS, Problems.SAME_ACCOUNT, Problems.KEY_REUSED})
    @PostMapping(path = "/api/transfers", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> transfer(
            @RequestParam(required = false) String strategy,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestBody TransferBody body) {
        TransferRequest request = new TransferRequest(
                Validation.id("from", body.from()),
                Validation.id("to", body.to()),
                Validation.between("amount", body.amount(), 1, MAX_AMOUNT),
                Validation.idempotencyKey(key));
        if (request.from().equals(request.to())) {
            return Problems.SAME_ACCOUNT.response("'from' and 'to' are the same account.", Map.of());
        }
        TransferResult result = transfers
                .transfer(request, strategy)
                .orElseThrow(() -> new ProblemException(
                        Problems.VALIDATION,
                        "'strategy' must be one of " + transfers.strategyNames() + ".",
                        Map.of("field", "strategy")));
        return switch (result) {
            case TransferResult.Transferred(var transfer, var replayed) ->
                ResponseEntity.status(HttpStatus.CREATED)
                        .header("Idempotent-Replayed", String.valueOf(replayed))
                        .body(new TransferView(
                                transfer.id(),
                                transfer.from(),
                                transfer.to(),
                                transfer.amount(),
                                transfer.createdAt()));
            case TransferResult.InsufficientFunds(long available) ->
                Problems.INSUFFICIENT_FUNDS.response(
                        "'%s' holds %d, less than %d.".formatted(request.from(), available, request.amount()),
                        Map.of("available", available));
            case TransferResult.UnknownAccount(String account) -> throw unknown(account);
            case TransferResult.KeyReused reused ->
                Problems.KEY_REUSED.response(
                        "This Idempotency-Key was already used for a different transfer.", Map.of());
            case TransferResult.Busy(String reason) -> Failures.busy(reason);
        };
    }

    private AccountView view(String id) {
        return transfers
                .find(id)
                .map(a -> new AccountView(a.id(), a.openingBalance(), a.balance(), a.reserved()))
                .orElseThrow(() -> unknown(id));
    }

    private static ProblemException unknown(String id) {
        return new ProblemException(Problems.UNKNOWN_ACCOUNT, "No account has id '" + id + "'.");
    }
}
