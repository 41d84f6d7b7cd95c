package io.reelflow.operators.campaign.spec;

import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.Priority;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A campaign spec, checked: templates crossed with their variants and the formats, and what every output shares.
 * Read one with {@link CampaignSpecParser}; {@link #outputs()} lists what it produces.
 *
 * @param model the model id (the spec's, or the deployment's default), {@code modelVersion} its manifest's version
 * @param combinations the variants before projection: each maps every variable to its value
 */
public record CampaignDefinition(
        String id,
        String tenant,
        String model,
        String modelVersion,
        Priority priority,
        String negativePrompt,
        List<Template> templates,
        List<Map<String, String>> combinations,
        List<FormatSpec> formats,
        Budget budget,
        BrandKit brand)
        implements Serializable {

    /** Labels every output's request carries, so results and manifests name the output. */
    public static final String TEMPLATE_LABEL = "campaign-template";
    public static final String VARIANT_LABEL = "campaign-variant";
    public static final String FORMAT_LABEL = "campaign-format";
    /** The output's id (its planned request id), which a retry's request keeps though its own id differs. */
    public static final String OUTPUT_LABEL = "campaign-output";

    public CampaignDefinition {
        templates = List.copyOf(templates);
        combinations = combinations.stream().map(c -> Map.copyOf(c)).toList();
        formats = List.copyOf(formats);
    }

    /** Every output, in order: templates as written, each template's variants, then the formats as written. */
    public List<PlannedOutput> outputs() {
        List<PlannedOutput> outputs = new ArrayList<>();
        for (Template template : templates) {
            for (Map<String, String> values : Variants.of(template, combinations)) {
                String variant = Variants.key(values);
                String prompt = brand.withPalette(template.render(values));
                for (FormatSpec format : formats) {
                    OutputKey key = new OutputKey(id, template.name(), variant, format.name());
                    outputs.add(output(key, values, prompt, format));
                }
            }
        }
        return outputs;
    }

    private PlannedOutput output(OutputKey key, Map<String, String> values, String prompt, FormatSpec format) {
        long seed = format.seed().seedFor(key);
        Map<String, String> labels = new TreeMap<>(Map.of(
                TEMPLATE_LABEL, key.template(), VARIANT_LABEL, key.variant(), FORMAT_LABEL, key.format()));
        GenerationRequest request = GenerationRequest.newBuilder()
                .setRequestId("")
                .setTenantId(tenant)
                .setCampaignId(id)
                .setSubmittedAt(Instant.EPOCH)
                .setPriority(priority)
                .setMode(format.mode())
                .setPrompt(prompt)
                .setNegativePrompt(negativePrompt)
                .setWidth(format.width())
                .setHeight(format.height())
                .setDurationSeconds(format.durationSeconds())
                .setFps(format.fps())
                .setSeed(seed)
                .setSteps(format.steps())
                .setGuidance(format.guidance())
                .setSampler(format.sampler())
                .setModel(model)
                .setLabels(labels)
                .build();
        // Everything that decides the output's bytes, and nothing else: not the priority, not when it is submitted.
        request.setPriority(Priority.NORMAL);
        String fingerprint = Fingerprints.sha256Hex(String.join("\n", "reelflow-campaign-output/1", key.toString(),
                request.toString(), modelVersion, String.valueOf(brand.logo())));
        request.setPriority(priority);
        String outputId = id + "-" + fingerprint.substring(0, PlannedOutput.ID_HASH_CHARS);
        request.setRequestId(outputId);
        labels.put(OUTPUT_LABEL, outputId);
        request.setLabels(labels);
        return new PlannedOutput(key, new TreeMap<>(values), format, seed, fingerprint, request);
    }
}
