package dev.convo.contract;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;

/**
 * Puts the contract check in front of every RestAssured call of every {@code @QuarkusTest}, in the class loader the
 * tests run in (Quarkus calls this before each test method).
 */
public class ContractChecks implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        ContractFilter.install();
    }
}
