package io.reelflow.operators.campaign.spec.internal;

import io.reelflow.config.LimitsConfig;
import io.reelflow.model.ModelManifest;
import io.reelflow.operators.campaign.spec.FormatSpec;
import io.reelflow.operators.campaign.spec.SeedPolicy;
import io.reelflow.pipeline.OutputLimits;
import io.reelflow.pipeline.Rejection;
import io.reelflow.schema.GenerationMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the spec's output formats ({@code image WxH}, {@code video WxH Ns}, or a mapping with {@code output} and
 * overrides) and checks each against the deployment's limits ({@link OutputLimits}, the decode stage's own rules)
 * and the model.
 */
public final class FormatReader {

    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    static final Set<String> KEYS = Set.of("output", "fps", "steps", "sampler", "guidance", "seed");
    private static final Pattern OUTPUT = Pattern.compile(
            "(image|video)\\s+(\\d+)\\s*x\\s*(\\d+)(?:\\s+(\\d+(?:\\.\\d+)?)\\s*s)?", Pattern.CASE_INSENSITIVE);
    private static final List<String> SEED_POLICIES = List.of("per-variant", "random");

    /** Settings every format starts from: the spec's top-level keys, then the model's defaults. */
    public record Defaults(Integer steps, String sampler, Double guidance, SeedPolicy seed) {}

    private final SpecReader reader;
    private final LimitsConfig limits;
    private final OutputLimits outputLimits;
    private final ModelManifest model;

    /** {@code model} null: the model is unknown (already reported), so nothing is checked against it. */
    public FormatReader(SpecReader reader, LimitsConfig limits, ModelManifest model) {
        this.reader = reader;
        this.limits = limits;
        this.outputLimits = new OutputLimits(limits);
        this.model = model;
    }

    public List<FormatSpec> read(YamlNode.Mapping formats, Defaults defaults) {
        List<FormatSpec> specs = new ArrayList<>();
        formats.entries().forEach((name, node) -> {
            if (!NAME.matcher(name).matches()) {
                reader.error(formats.keys().get(name), "format name '" + name
                        + "' must be a letter or digit, then letters, digits, _ or -");
                return;
            }
            format(name, node, defaults).ifPresent(specs::add);
        });
        return specs;
    }

    private Optional<FormatSpec> format(String name, YamlNode node, Defaults defaults) {
        YamlNode output = node;
        Integer fps = null;
        Integer steps = defaults.steps();
        String sampler = defaults.sampler();
        Double guidance = defaults.guidance();
        SeedPolicy seed = defaults.seed();
        boolean ok = true;
        if (node instanceof YamlNode.Mapping m) {
            String where = "format '" + name + "'";
            reader.knownKeys(m, where, KEYS);
            reader.required(m, where, "output");
            output = m.entries().get("output");
            YamlNode at;
            if ((at = m.entries().get("fps")) != null) {
                fps = integer(at, where + ": fps");
                ok &= fps != null;
            }
            if ((at = m.entries().get("steps")) != null) {
                Integer own = integer(at, where + ": steps");
                ok &= own != null && checkSampling(at, where + ": ", own, null);
                steps = own;
            }
            if ((at = m.entries().get("sampler")) != null) {
                String own = reader.text(at, where + ": sampler").orElse(null);
                ok &= own != null && checkSampler(at, where + ": ", own);
                sampler = own;
            }
            if ((at = m.entries().get("guidance")) != null) {
                Double own = reader.number(at, where + ": guidance").orElse(null);
                ok &= own != null && checkSampling(at, where + ": ", null, own);
                guidance = own;
            }
            if ((at = m.entries().get("seed")) != null) {
                seed = seed(at);
                ok &= seed != null;
            }
            if (output == null) {
                return Optional.empty();
            }
        }
        Optional<String> text = reader.text(output, "format '" + name + "'");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher match = OUTPUT.matcher(text.get().trim());
        if (!match.matches()) {
            reader.error(output, "format '" + name + "': '" + text.get() + "' is not 'image WxH' or 'video WxH Ns'"
                    + " (e.g. image 2048x2048, video 1920x1080 10s)");
            return Optional.empty();
        }
        boolean video = match.group(1).equalsIgnoreCase("video");
        int width = Integer.parseInt(match.group(2));
        int height = Integer.parseInt(match.group(3));
        Double duration = match.group(4) == null ? null : Double.valueOf(match.group(4));
        String where = "format '" + name + "': ";
        if (!video && duration != null) {
            reader.error(output, where + "an image has no duration; write 'image " + width + "x" + height + "'");
            return Optional.empty();
        }
        if (video && duration == null) {
            reader.error(output, where + "a video needs a duration, e.g. 'video " + width + "x" + height + " 10s'");
            return Optional.empty();
        }
        if (!video && fps != null) {
            reader.error(node, where + "fps is for videos");
            ok = false;
        }
        ok &= check(output, where, video ? outputLimits.videoSize(width, height) : outputLimits.imageSize(width, height));
        if (video) {
            fps = fps != null ? fps : limits.defaultFps();
            ok &= check(output, where, outputLimits.videoLength(duration, null, fps));
        }
        GenerationMode mode = video ? GenerationMode.TEXT_TO_VIDEO : GenerationMode.TEXT_TO_IMAGE;
        if (model != null) {
            if (!model.supports(mode)) {
                reader.error(output, where + "model " + model.id() + " does not support " + mode + "; it supports "
                        + model.modes());
                ok = false;
            }
            steps = steps != null ? steps : model.defaults().steps();
        }
        if (!ok || steps == null) {
            return Optional.empty();
        }
        return Optional.of(new FormatSpec(name, mode, width, height, duration, video ? fps : null, steps, sampler,
                guidance, seed));
    }

    /** {@code per-variant}, {@code random}, or a whole number: that seed for every output. */
    public SeedPolicy seed(YamlNode node) {
        Optional<String> text = reader.text(node, "seed");
        if (text.isEmpty()) {
            return null;
        }
        String policy = text.get().trim();
        switch (policy) {
            case "per-variant":
                return new SeedPolicy.PerVariant();
            case "random":
                return new SeedPolicy.Random();
            default:
                try {
                    return new SeedPolicy.Fixed(Long.parseLong(policy));
                } catch (NumberFormatException e) {
                    reader.error(node, "seed must be per-variant, random, or a whole number (one fixed seed), got '"
                            + policy + "'" + DidYouMean.suggest(policy, SEED_POLICIES));
                    return null;
                }
        }
    }

    /** Steps and guidance within the deployment's limits (null: not given); reports at {@code at} if not. */
    public boolean checkSampling(YamlNode at, String where, Integer steps, Double guidance) {
        return check(at, where, outputLimits.sampling(steps, guidance));
    }

    /** A sampler the model offers (anything, if the model is unknown: that is reported already). */
    public boolean checkSampler(YamlNode at, String where, String sampler) {
        if (model == null || model.samplers().contains(sampler)) {
            return true;
        }
        reader.error(at, where + "sampler '" + sampler + "' is not offered by model " + model.id()
                + DidYouMean.suggest(sampler, model.samplers()) + "; it offers " + model.samplers());
        return false;
    }

    private Integer integer(YamlNode node, String what) {
        Optional<Long> value = reader.integer(node, what);
        if (value.isPresent() && (value.get() < Integer.MIN_VALUE || value.get() > Integer.MAX_VALUE)) {
            reader.error(node, what + " " + value.get() + " is out of range");
            return null;
        }
        return value.map(Long::intValue).orElse(null);
    }

    private boolean check(YamlNode at, String where, Optional<Rejection> rejection) {
        rejection.ifPresent(r -> reader.error(at, where + r.message()));
        return rejection.isEmpty();
    }
}
