package io.reelflow.infra.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The few reads of a Flink cluster's REST API that the CLI and tests need. */
public final class ClusterRest {

    private static final Pattern JOB_ID = Pattern.compile("[0-9a-fA-F]{32}");

    /** {@code GET /overview}. */
    public record Overview(String flinkVersion, int taskManagers, int slotsTotal, int slotsAvailable, int jobsRunning,
            int jobsFinished, int jobsCancelled, int jobsFailed) {}

    /** {@code GET /jobs/:id/checkpoints}: completed and failed so far, mean end-to-end duration and size. */
    public record Checkpoints(long completed, long failed, long meanDurationMillis, long meanSizeBytes) {}

    /** One entry of {@code GET /jobs/overview}. */
    public record Job(String id, String name, String state) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ClusterRest(String restUrl) {
        this.base = URI.create(restUrl.endsWith("/") ? restUrl : restUrl + "/");
    }

    public Overview overview() throws IOException, InterruptedException {
        JsonNode o = get("overview");
        return new Overview(o.path("flink-version").asText(), o.path("taskmanagers").asInt(), o.path("slots-total").asInt(),
                o.path("slots-available").asInt(), o.path("jobs-running").asInt(), o.path("jobs-finished").asInt(),
                o.path("jobs-cancelled").asInt(), o.path("jobs-failed").asInt());
    }

    public List<Job> jobs() throws IOException, InterruptedException {
        List<Job> jobs = new ArrayList<>();
        for (JsonNode j : get("jobs/overview").path("jobs")) {
            jobs.add(new Job(j.path("jid").asText(), j.path("name").asText(), j.path("state").asText()));
        }
        return jobs;
    }

    /** {@code GET /taskmanagers}: the resource ids of the registered TaskManagers. */
    public List<String> taskManagerIds() throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (JsonNode tm : get("taskmanagers").path("taskmanagers")) {
            ids.add(tm.path("id").asText());
        }
        return ids;
    }

    public Checkpoints checkpoints(String jobId) throws IOException, InterruptedException {
        requireJobId(jobId);
        JsonNode c = get("jobs/" + jobId + "/checkpoints");
        return new Checkpoints(c.at("/counts/completed").asLong(), c.at("/counts/failed").asLong(),
                c.at("/summary/end_to_end_duration/avg").asLong(), c.at("/summary/checkpointed_size/avg").asLong());
    }

    /**
     * Records each subtask of a job's first vertex whose name contains {@code vertexName} has read from its inputs
     * ({@code GET /jobs/:id/vertices/:vertex}), in subtask order; empty if no vertex matches.
     */
    public List<Long> subtaskRecordsIn(String jobId, String vertexName) throws IOException, InterruptedException {
        requireJobId(jobId);
        for (JsonNode vertex : get("jobs/" + jobId).path("vertices")) {
            if (vertex.path("name").asText().contains(vertexName)) {
                List<Long> records = new ArrayList<>();
                for (JsonNode subtask : get("jobs/" + jobId + "/vertices/" + vertex.path("id").asText()).path("subtasks")) {
                    records.add(subtask.path("metrics").path("read-records").asLong());
                }
                return records;
            }
        }
        return List.of();
    }

    /** {@code PATCH /jobs/:id?mode=cancel}: asks the cluster to cancel a job; returns once it accepted. */
    public void cancel(String jobId) throws IOException, InterruptedException {
        requireJobId(jobId);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IOException("cancel " + jobId + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }

    /**
     * {@code POST /jobs/:id/stop}: stops a job with a savepoint in the cluster's savepoint directory (without draining:
     * requests in flight are in the savepoint and finish after a resume); returns its path once it is written.
     */
    public String stopWithSavepoint(String jobId, Duration timeout) throws IOException, InterruptedException {
        requireJobId(jobId);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("jobs/" + jobId + "/stop"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"drain\": false}")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IOException("stop " + jobId + ": HTTP " + response.statusCode() + " " + response.body());
        }
        String trigger = JSON.readTree(response.body()).path("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = get("jobs/" + jobId + "/savepoints/" + trigger);
            if (status.at("/status/id").asText().equals("COMPLETED")) {
                JsonNode operation = status.path("operation");
                if (operation.has("location")) {
                    return operation.path("location").asText();
                }
                throw new IOException("the savepoint of " + jobId + " failed: "
                        + operation.at("/failure-cause/stack-trace").asText(operation.toString()).lines().limit(3).toList());
            }
            Thread.sleep(500);
        }
        throw new IOException("the savepoint of " + jobId + " was not written within " + timeout.toSeconds() + " s");
    }

    /** A job id goes into request paths, so it must be one (32 hex digits), never a path of its own like {@code ../x}. */
    private static void requireJobId(String jobId) {
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("not a Flink job id (32 hex digits): " + jobId);
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + base.resolve(path) + ": HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }
}
