package io.reelflow.operators.generate.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Accuracy per attribute, by mode and language, plus the given-frame and seam measurements, as JSON. */
public final class EvalReport {

    private EvalReport() {}

    public static ObjectNode summarise(List<ShapeWorldEval.Result> results, ObjectMapper json) {
        ObjectNode report = json.createObjectNode();
        report.set("all", group(results, json));
        Map<String, List<ShapeWorldEval.Result>> byGroup = new TreeMap<>();
        for (ShapeWorldEval.Result r : results) {
            byGroup.computeIfAbsent(r.evalCase().mode() + "/" + r.evalCase().language(),
                    k -> new java.util.ArrayList<>()).add(r);
        }
        ObjectNode groups = report.putObject("groups");
        byGroup.forEach((key, list) -> groups.set(key, group(list, json)));
        ArrayNode cases = report.putArray("cases");
        for (ShapeWorldEval.Result r : results) {
            ObjectNode c = cases.addObject();
            c.put("id", r.evalCase().id()).put("prompt", r.evalCase().prompt()).put("mode", r.evalCase().mode());
            c.put("expected", r.evalCase().expected().toString());
            c.put("read", String.valueOf(r.reading()));
            c.put("background", r.backgroundRight()).put("colour", r.colourRight()).put("shape", r.shapeRight())
                    .put("motion", r.motionRight());
            putNumber(c, "given-psnr-db", r.givenPsnr());
            putNumber(c, "seam-ratio", r.seamRatio());
            c.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
        }
        return report;
    }

    private static ObjectNode group(List<ShapeWorldEval.Result> results, ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("cases", results.size());
        node.put("background", share(results, ShapeWorldEval.Result::backgroundRight));
        node.put("colour", share(results, ShapeWorldEval.Result::colourRight));
        node.put("shape", share(results, ShapeWorldEval.Result::shapeRight));
        List<ShapeWorldEval.Result> videos = results.stream().filter(r -> !r.evalCase().image()).toList();
        if (!videos.isEmpty()) {
            node.put("motion", share(videos, ShapeWorldEval.Result::motionRight));
        }
        double[] seams = results.stream().mapToDouble(ShapeWorldEval.Result::seamRatio).filter(d -> !Double.isNaN(d))
                .sorted().toArray();
        if (seams.length > 0) {
            node.put("seam-ratio-median", round(seams[seams.length / 2]));
            node.put("seam-ratio-max", round(seams[seams.length - 1]));
            node.put("seams-within-1.5", share(results.stream().filter(r -> !Double.isNaN(r.seamRatio())).toList(),
                    r -> r.seamRatio() <= 1.5));
        }
        double[] psnr = results.stream().mapToDouble(ShapeWorldEval.Result::givenPsnr).filter(d -> !Double.isNaN(d))
                .toArray();
        if (psnr.length > 0) {
            double min = java.util.Arrays.stream(psnr).min().orElseThrow();
            putNumber(node, "given-psnr-min-db", min);
        }
        return node;
    }

    private static double share(List<ShapeWorldEval.Result> results, Predicate<ShapeWorldEval.Result> right) {
        return results.isEmpty() ? Double.NaN : round(results.stream().filter(right).count() / (double) results.size());
    }

    private static void putNumber(ObjectNode node, String field, double value) {
        if (Double.isNaN(value)) {
            return;
        }
        if (Double.isInfinite(value)) {
            node.put(field, "infinite (exact)");
        } else {
            node.put(field, round(value));
        }
    }

    private static double round(double value) {
        return Math.round(value * 10000) / 10000.0;
    }
}
