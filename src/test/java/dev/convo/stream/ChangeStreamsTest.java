package dev.convo.stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.mongodb.connection.ClusterType;

/**
 * Which deployments push changes to followers, and which leave them to poll.
 */
class ChangeStreamsTest {

    @Test
    void replicaSetsShardedClustersAndLoadBalancedDeploymentsHaveChangeStreams() {
        assertTrue(ChangeStreams.supportedBy(ClusterType.REPLICA_SET));
        assertTrue(ChangeStreams.supportedBy(ClusterType.SHARDED));
        assertTrue(ChangeStreams.supportedBy(ClusterType.LOAD_BALANCED));
    }

    @Test
    void aStandaloneServerAndAnUnknownOneAreFollowedByPolling() {
        assertFalse(ChangeStreams.supportedBy(ClusterType.STANDALONE));
        assertFalse(ChangeStreams.supportedBy(ClusterType.UNKNOWN));
    }
}
