package dev.convo.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Collections;

/**
 * Validates the manifests in k8s/ offline against the typed Kubernetes and Knative models: every field must be one
 * the model knows (a typo lands in "additional properties" and fails here), the kustomizations name files that
 * exist, and the Deployment has what production needs (probes, resources, a locked-down container).
 */
class ManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everyManifestParsesIntoItsModelWithNoUnknownField() throws IOException {
        Map<String, Class<? extends KubernetesResource>> kinds = Map.of(
                "configmap.yaml", ConfigMap.class, "secret.example.yaml", Secret.class,
                "deployment.yaml", Deployment.class, "service.yaml", io.fabric8.kubernetes.api.model.Service.class,
                "hpa.yaml", HorizontalPodAutoscaler.class, "pdb.yaml", PodDisruptionBudget.class,
                "knative/knative-service.yaml", Service.class);
        for (Map.Entry<String, Class<? extends KubernetesResource>> kind : kinds.entrySet()) {
            KubernetesResource resource = parse(kind.getKey(), kind.getValue());
            List<String> unknown = new ArrayList<>();
            findUnknownFields(resource, kind.getKey(), unknown, Collections.newSetFromMap(new IdentityHashMap<>()));
            assertEquals(List.of(), unknown, "fields the " + kind.getValue().getSimpleName() + " model does not know");
        }
    }

    @Test
    void theKustomizationsNameFilesThatExist() throws IOException {
        for (Path kustomization : List.of(K8S.resolve("kustomization.yaml"), K8S.resolve("knative/kustomization.yaml"))) {
            JsonNode tree = YAML.readTree(kustomization.toFile());
            assertEquals("Kustomization", tree.path("kind").asText());
            assertTrue(tree.path("resources").size() > 0);
            for (JsonNode resource : tree.path("resources")) {
                assertTrue(Files.exists(kustomization.getParent().resolve(resource.asText())),
                        kustomization + " names a missing " + resource.asText());
            }
        }
    }

    @Test
    void theDeploymentIsProbedLimitedAndLockedDown() throws IOException {
        Deployment deployment = parse("deployment.yaml", Deployment.class);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("/q/health/live", container.getLivenessProbe().getHttpGet().getPath());
        assertEquals("/q/health/ready", container.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/q/health/started", container.getStartupProbe().getHttpGet().getPath());
        assertNotNull(container.getResources().getLimits().get("memory"));
        assertNotNull(container.getResources().getRequests().get("cpu"));
        assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem());
        assertFalse(container.getSecurityContext().getAllowPrivilegeEscalation());
        assertTrue(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot());
        assertEquals("conversational-backend", container.getEnvFrom().get(0).getConfigMapRef().getName());
        assertEquals("conversational-backend", container.getEnvFrom().get(1).getSecretRef().getName());
        assertTrue(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds() > 20,
                "Kubernetes waits longer than the service's own shutdown grace");
    }

    @Test
    void theKnativeServiceScalesToZeroWithALongRequestTimeout() throws IOException {
        Service service = parse("knative/knative-service.yaml", Service.class);
        Map<String, String> annotations = service.getSpec().getTemplate().getMetadata().getAnnotations();
        assertEquals("0", annotations.get("autoscaling.knative.dev/min-scale"));
        assertNotNull(annotations.get("autoscaling.knative.dev/target"));
        assertTrue(service.getSpec().getTemplate().getSpec().getTimeoutSeconds() >= 300);
    }

    @Test
    void theExampleSecretHoldsNoRealValue() throws IOException {
        Secret secret = parse("secret.example.yaml", Secret.class);
        secret.getStringData().forEach((key, value) -> assertTrue(value.contains("CHANGE-ME"), key + " looks real"));
    }

    private static <T extends KubernetesResource> T parse(String file, Class<T> type) throws IOException {
        return Serialization.unmarshal(Files.readString(K8S.resolve(file)), type);
    }

    /** Walks the model; any non-empty getAdditionalProperties() is a field the model does not know. */
    private static void findUnknownFields(Object node, String path, List<String> unknown, Set<Object> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                findUnknownFields(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> findUnknownFields(value, path + "." + key, unknown, seen));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            try {
                Object value = getter.invoke(node);
                if (getter.getName().equals("getAdditionalProperties")) {
                    if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        unknown.add(path + ": " + extra.keySet());
                    }
                } else {
                    findUnknownFields(value, path + "." + getter.getName().substring(3), unknown, seen);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
