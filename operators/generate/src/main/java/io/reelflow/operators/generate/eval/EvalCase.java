package io.reelflow.operators.generate.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelflow.operators.generate.world.Colour;
import io.reelflow.operators.generate.world.Motion;
import io.reelflow.operators.generate.world.Scene;
import io.reelflow.operators.generate.world.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One line of an evaluation JSONL: a prompt, the attributes a correct sample shows, and how to sample it.
 *
 * @param mode text-to-image, text-to-video, image-to-video, extend-forward, extend-backward, connect or edit
 * @param given for modes with inputs: the world scenes rendered as the given clips (first frame, source, the two
 *     clips to connect, or the clip to edit), each {@code givenFrames} long
 * @param strength for edit: how far the source is noised before sampling (0 keeps it, 1 ignores it)
 */
public record EvalCase(String id, String prompt, String language, Scene expected, String mode, int width,
        int height, int frames, long seed, List<Scene> given, int givenFrames, double strength) {

    /** Strength of edit cases that do not say. */
    public static final double EDIT_STRENGTH = 0.6;

    public boolean image() {
        return "text-to-image".equals(mode);
    }

    public static List<EvalCase> readJsonl(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<EvalCase> cases = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = json.readTree(line);
            List<Scene> given = new ArrayList<>();
            for (JsonNode scene : node.path("given")) {
                given.add(scene(scene));
            }
            cases.add(new EvalCase(node.required("id").asText(), node.required("prompt").asText(),
                    node.path("language").asText("en"), scene(node.required("expected")),
                    node.path("mode").asText("text-to-video"), node.path("width").asInt(32),
                    node.path("height").asInt(32), node.path("frames").asInt(8), node.path("seed").asLong(1),
                    given, node.path("given-frames").asInt(8), node.path("strength").asDouble(EDIT_STRENGTH)));
        }
        return cases;
    }

    public String toJson(ObjectMapper json) throws IOException {
        ObjectNode node = json.createObjectNode();
        node.put("id", id).put("prompt", prompt).put("language", language).put("mode", mode)
                .put("width", width).put("height", height).put("frames", frames).put("seed", seed);
        node.set("expected", sceneNode(json, expected));
        if (!given.isEmpty()) {
            given.forEach(scene -> node.withArray("given").add(sceneNode(json, scene)));
            node.put("given-frames", givenFrames);
        }
        if ("edit".equals(mode)) {
            node.put("strength", strength);
        }
        return json.writeValueAsString(node);
    }

    private static Scene scene(JsonNode node) {
        return new Scene(
                Shape.valueOf(node.required("shape").asText().toUpperCase(Locale.ROOT)),
                Colour.valueOf(node.required("colour").asText().toUpperCase(Locale.ROOT)),
                Colour.valueOf(node.required("background").asText().toUpperCase(Locale.ROOT)),
                Motion.valueOf(node.path("motion").asText("still").toUpperCase(Locale.ROOT)));
    }

    private static ObjectNode sceneNode(ObjectMapper json, Scene scene) {
        return json.createObjectNode()
                .put("shape", scene.shape().name().toLowerCase(Locale.ROOT))
                .put("colour", scene.colour().name().toLowerCase(Locale.ROOT))
                .put("background", scene.background().name().toLowerCase(Locale.ROOT))
                .put("motion", scene.motion().name().toLowerCase(Locale.ROOT));
    }
}
