package dev.convo.it;

import dev.convo.conversation.SeedFlowTest;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The seed's flow against the packaged service (prod profile, its own process); with -Paot this trains the AOT cache.
 */
@QuarkusIntegrationTest
class SeedFlowIT extends SeedFlowTest {
}
