package dev.convo.contract;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Checks every exchange a test makes through RestAssured against the published contract, and fails the test on
 * the spot when the service answered something the contract does not declare: a client generated from the contract
 * would have broken on it.
 */
public final class ContractFilter implements Filter {

    private static final AtomicLong CHECKED = new AtomicLong();

    /** Puts the filter in front of every RestAssured call of the suite, once. */
    public static synchronized void install() {
        if (RestAssured.filters().stream().noneMatch(ContractFilter.class::isInstance)) {
            RestAssured.filters(new ContractFilter());
        }
    }

    /** How many exchanges were checked so far, so that a test can tell the filter is on. */
    public static long checked() {
        return CHECKED.get();
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification expected,
            FilterContext context) {
        Response response = context.next(request, expected);
        URI uri = URI.create(request.getURI());
        if (uri.getPort() != RestAssured.port || "OPTIONS".equals(request.getMethod())) {
            return response; // another server (the fake model), or a CORS preflight the framework answers
        }
        String path = uri.getRawPath();
        List<String> violations = Contract.published().violations(request.getMethod(), path, response.statusCode(),
                response.contentType(), response.asString());
        CHECKED.incrementAndGet();
        if (!violations.isEmpty()) {
            throw new AssertionError("The answer breaks docs/openapi.yaml:\n  " + String.join("\n  ", violations));
        }
        return response;
    }
}
