package dev.convo.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged service (target/quarkus-app, or the native executable of a -Dnative build) in a process of its own,
 * as it runs in a container: started with a database, a model and a few settings, ready when its readiness probe says
 * so. Its log goes to target/NAME.log.
 */
public final class PackagedService {

    private static final List<String> CONTAINER_HEAP = List.of("-Xms32m", "-Xmx460m", "-XX:+UseSerialGC");

    private final Process process;
    private final String base;

    private PackagedService(Process process, String base) {
        this.process = process;
        this.base = base;
    }

    /** Starts the service and waits until it is ready. {@code settings} are system properties (name → value). */
    public static PackagedService start(String name, String mongoUri, Map<String, String> model,
            Map<String, String> settings) throws IOException {
        int port = ClosedPort.find();
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        String executable = System.getProperty("native.image.path");
        // the native executable when the build made one (./mvnw verify -Dnative makes no jar), else the jar
        boolean nativeBuild = !Files.exists(jar) && executable != null && Files.isExecutable(Path.of(executable));
        List<String> command = new ArrayList<>(List.of(nativeBuild ? executable
                : Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (!nativeBuild) {
            // the container's heap (src/main/docker/Dockerfile.jvm with k8s/deployment.yaml's 768 MiB), so that what
            // the ITs measure of memory is what a pod holds, not what a JVM sized for this machine leaves uncollected
            command.addAll(CONTAINER_HEAP);
        }
        command.addAll(List.of("-Dquarkus.http.port=" + port, "-Dllm.provider-url=" + model.get("llm.provider-url"),
                "-Dllm.api-key=" + model.get("llm.api-key"), "-Dllm.model=" + model.get("llm.model")));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        if (!nativeBuild) {
            command.addAll(List.of("-jar", jar.toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", name + ".log").toFile()));
        builder.environment().put("MONGODB_URI", mongoUri);
        PackagedService service = new PackagedService(builder.start(), "http://127.0.0.1:" + port);
        service.awaitReady(name);
        return service;
    }

    public String base() {
        return base;
    }

    public Process process() {
        return process;
    }

    private void awaitReady(String name) {
        HttpClient http = HttpClient.newHttpClient();
        // IOException: not listening yet
        await().alias("the service becomes ready (else see target/" + name + ".log)")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }
}
