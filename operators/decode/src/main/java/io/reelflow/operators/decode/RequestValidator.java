package io.reelflow.operators.decode;

import static io.reelflow.operators.decode.internal.TextRules.quote;
import static io.reelflow.pipeline.ErrorCode.FORBIDDEN_INPUT_ASSET;
import static io.reelflow.pipeline.ErrorCode.INVALID_FIELD;
import static io.reelflow.pipeline.ErrorCode.MISSING_FIELD;
import static io.reelflow.pipeline.ErrorCode.MISSING_INPUT_ASSET;
import static io.reelflow.pipeline.ErrorCode.OUT_OF_RANGE;
import static io.reelflow.pipeline.ErrorCode.UNKNOWN_MODEL;
import static io.reelflow.pipeline.ErrorCode.UNKNOWN_TENANT;
import static io.reelflow.pipeline.ErrorCode.UNSUPPORTED_MODE;

import io.reelflow.config.LimitsConfig;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.model.ModelCatalog;
import io.reelflow.model.ModelManifest;
import io.reelflow.operators.decode.internal.AssetUris;
import io.reelflow.operators.decode.internal.TextRules;
import io.reelflow.pipeline.BlockedTermRules;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.OutputLimits;
import io.reelflow.pipeline.Rejection;
import io.reelflow.schema.AssetRole;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.InputAsset;
import io.reelflow.schema.OutputFormat;
import io.reelflow.schema.VisibleMark;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a decoded request against the deployment: identifiers, text, sizes and lengths (limits), tenant, input
 * assets and model. Returns the first problem found, in the order of the checks below.
 *
 * <p>Codes: malformed identifiers, unsafe text, odd video sizes, non-finite numbers, stray or duplicate asset roles
 * and unsupported samplers are INVALID_FIELD; anything outside a limit is OUT_OF_RANGE; an output_format that does
 * not fit the mode is UNSUPPORTED_MODE (the code's documented meaning includes the output format).
 *
 * <p>Input assets are checked before the model, so a request for a mode the model lacks (today every mode but
 * TEXT_TO_IMAGE and TEXT_TO_VIDEO) still learns about a missing or forbidden asset first, and the answer it gets
 * does not change when a model serving the mode is added.
 */
public final class RequestValidator {

    /** Bounds the schema documents for the visible mark; they are part of the contract, not deployment limits. */
    static final int MARK_MAX_CHARS = 64;
    static final double MARK_MIN_SCALE = 0.05;
    static final double MARK_MAX_SCALE = 0.5;

    private final ReelflowConfig config;
    private final LimitsConfig limits;
    private final ModelCatalog catalog;
    private final OutputLimits outputLimits;

    public RequestValidator(ReelflowConfig config, ModelCatalog catalog) {
        this.config = config;
        this.limits = config.limits();
        this.catalog = catalog;
        this.outputLimits = new OutputLimits(limits);
    }

    public Optional<Rejection> validate(GenerationRequest r) {
        Rejection why = identity(r);
        why = why != null ? why : text("prompt", r.getPrompt());
        // An empty negative prompt means none, as clients that always send the field expect.
        why = why != null || r.getNegativePrompt() == null || r.getNegativePrompt().isEmpty()
                ? why : text("negative_prompt", r.getNegativePrompt());
        why = why != null ? why : labels(r.getLabels());
        why = why != null ? why : BlockedTermRules.check(r.getBlockedTerms()).orElse(null);
        why = why != null ? why : isVideo(r.getMode()) ? videoSize(r) : imageSize(r);
        why = why != null ? why : isVideo(r.getMode()) ? videoLength(r) : imageLength(r);
        why = why != null ? why : sampling(r);
        why = why != null ? why : inputAssets(r);
        why = why != null ? why : model(r);
        why = why != null ? why : outputFormat(r);
        why = why != null ? why : visibleMark(r.getVisibleMark(), r.getTenantId());
        return Optional.ofNullable(why);
    }

    public static boolean isVideo(GenerationMode mode) {
        return mode != GenerationMode.TEXT_TO_IMAGE;
    }

    private Rejection identity(GenerationRequest r) {
        if (!TextRules.isRequestId(r.getRequestId())) {
            return reject(INVALID_FIELD, "request_id must be 1-128 characters of A-Z a-z 0-9 . _ -, got " + quote(r.getRequestId()));
        }
        if (!TextRules.isTenantId(r.getTenantId())) {
            return reject(INVALID_FIELD, "tenant_id must be 1-64 characters of a-z 0-9 -, got " + quote(r.getTenantId()));
        }
        if (config.tenants().find(r.getTenantId()).isEmpty()) {
            return reject(UNKNOWN_TENANT, "tenant " + quote(r.getTenantId()) + " is not configured in this deployment");
        }
        if (r.getCampaignId() != null && !TextRules.isRequestId(r.getCampaignId())) {
            return reject(INVALID_FIELD, "campaign_id must be 1-128 characters of A-Z a-z 0-9 . _ -, got " + quote(r.getCampaignId()));
        }
        return null;
    }

    private Rejection text(String field, String value) {
        if (value.isEmpty()) {
            return reject(INVALID_FIELD, field + " must not be empty");
        }
        int length = TextRules.length(value);
        if (length > limits.maxPromptChars()) {
            return reject(OUT_OF_RANGE, field + " has " + length + " characters, at most " + limits.maxPromptChars() + " are allowed");
        }
        String unsafe = TextRules.unsafeCharacter(value);
        return unsafe == null ? null : reject(INVALID_FIELD, field + " contains " + unsafe);
    }

    private Rejection labels(Map<String, String> labels) {
        if (labels.size() > limits.maxLabels()) {
            return reject(OUT_OF_RANGE, "labels has " + labels.size() + " entries, at most " + limits.maxLabels() + " are allowed");
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            String key = label.getKey();
            if (key.isEmpty()) {
                return reject(INVALID_FIELD, "labels: a key must not be empty");
            }
            for (String part : List.of(key, label.getValue())) {
                if (TextRules.length(part) > limits.maxLabelChars()) {
                    return reject(OUT_OF_RANGE, "labels." + quote(key) + ": keys and values may have at most " + limits.maxLabelChars() + " characters");
                }
                String unsafe = TextRules.unsafeCharacter(part);
                if (unsafe != null) {
                    return reject(INVALID_FIELD, "labels." + quote(key) + " contains " + unsafe);
                }
            }
        }
        return null;
    }

    private Rejection imageSize(GenerationRequest r) {
        return outputLimits.imageSize(r.getWidth(), r.getHeight()).orElse(null);
    }

    private Rejection videoSize(GenerationRequest r) {
        return outputLimits.videoSize(r.getWidth(), r.getHeight()).orElse(null);
    }

    private Rejection videoLength(GenerationRequest r) {
        return outputLimits.videoLength(r.getDurationSeconds(), r.getFrames(), r.getFps()).orElse(null);
    }

    private Rejection imageLength(GenerationRequest r) {
        if (r.getDurationSeconds() != null) {
            return reject(INVALID_FIELD, "duration_seconds is for video modes; leave it out for TEXT_TO_IMAGE");
        }
        if (r.getFrames() != null && r.getFrames() != 1) {
            return reject(INVALID_FIELD, "an image has one frame, got frames " + r.getFrames());
        }
        return null; // fps is ignored for images
    }

    private Rejection sampling(GenerationRequest r) {
        Rejection why = outputLimits.sampling(r.getSteps(), r.getGuidance()).orElse(null);
        return why != null ? why : bounded("edit_strength", r.getEditStrength(), 0, 1);
    }

    private Rejection inputAssets(GenerationRequest r) {
        List<InputAsset> assets = r.getInputAssets();
        if (assets.size() > limits.maxInputAssets()) {
            return reject(OUT_OF_RANGE, "input_assets has " + assets.size() + " entries, at most " + limits.maxInputAssets() + " are allowed");
        }
        Set<AssetRole> needed = requiredRoles(r.getMode());
        Set<AssetRole> given = EnumSet.noneOf(AssetRole.class);
        for (int i = 0; i < assets.size(); i++) {
            InputAsset asset = assets.get(i);
            String forbidden = unreadable(asset.getUri(), r.getTenantId());
            if (forbidden != null) {
                return reject(FORBIDDEN_INPUT_ASSET, "input_assets[" + i + "] " + quote(asset.getUri()) + " " + forbidden);
            }
            if (!needed.contains(asset.getRole())) {
                return reject(INVALID_FIELD, "input_assets[" + i + "]: role " + asset.getRole() + " is not used by " + r.getMode()
                        + (needed.isEmpty() ? ", which takes no input assets" : ", which takes " + needed));
            }
            if (!given.add(asset.getRole())) {
                return reject(INVALID_FIELD, "input_assets[" + i + "]: a second " + asset.getRole() + " asset");
            }
        }
        if (!given.containsAll(needed)) {
            Set<AssetRole> missing = EnumSet.copyOf(needed);
            missing.removeAll(given);
            return reject(MISSING_INPUT_ASSET, r.getMode() + " needs input assets with roles " + needed + "; missing " + missing);
        }
        if (r.getMode() == GenerationMode.EXTEND_VIDEO && r.getExtendDirection() == null) {
            return reject(MISSING_FIELD, "EXTEND_VIDEO needs extend_direction (FORWARD or BACKWARD)");
        }
        return null;
    }

    private Rejection model(GenerationRequest r) {
        String id = r.getModel() != null ? r.getModel() : config.generation().defaultModel();
        Optional<ModelManifest> found;
        try {
            found = catalog.find(id);
        } catch (RuntimeException e) {
            // A broken manifest is the deployment's fault, but must not crash the job on every such request.
            return reject(UNKNOWN_MODEL, "model " + quote(id) + " cannot be loaded: " + e.getMessage());
        }
        if (found.isEmpty()) {
            return reject(UNKNOWN_MODEL, "model " + quote(id) + " is not in the model catalog");
        }
        ModelManifest model = found.get();
        if (!model.supports(r.getMode())) {
            return reject(UNSUPPORTED_MODE, "model " + id + " does not support " + r.getMode() + "; it supports " + model.modes());
        }
        if (r.getSampler() != null && !model.samplers().contains(r.getSampler())) {
            return reject(INVALID_FIELD, "sampler " + quote(r.getSampler()) + " is not offered by model " + id + "; it offers " + model.samplers());
        }
        return null;
    }

    private Rejection outputFormat(GenerationRequest r) {
        OutputFormat expected = isVideo(r.getMode()) ? OutputFormat.MP4 : OutputFormat.PNG;
        if (r.getOutputFormat() != null && r.getOutputFormat() != expected) {
            return reject(UNSUPPORTED_MODE, "output_format " + r.getOutputFormat() + " does not fit " + r.getMode() + ", which produces " + expected);
        }
        return null;
    }

    private Rejection visibleMark(VisibleMark mark, String tenantId) {
        if (mark == null) {
            return null;
        }
        String logo = mark.getLogoUri();
        if (logo != null) {
            if (!mark.getText().isEmpty()) {
                return reject(INVALID_FIELD, "visible_mark is text or a logo: leave text empty when logo_uri is set");
            }
            String forbidden = unreadable(logo, tenantId);
            if (forbidden != null) {
                return reject(FORBIDDEN_INPUT_ASSET, "visible_mark.logo_uri " + quote(logo) + " " + forbidden);
            }
        } else if (mark.getText().isEmpty()) {
            return reject(INVALID_FIELD, "visible_mark needs text or a logo_uri");
        }
        if (TextRules.length(mark.getText()) > MARK_MAX_CHARS) {
            return reject(OUT_OF_RANGE, "visible_mark.text may have at most " + MARK_MAX_CHARS + " characters");
        }
        String unsafe = TextRules.unsafeCharacter(mark.getText());
        if (unsafe != null) {
            return reject(INVALID_FIELD, "visible_mark.text contains " + unsafe);
        }
        Rejection why = bounded("visible_mark.opacity", mark.getOpacity(), 0, 1);
        return why != null ? why : bounded("visible_mark.scale", mark.getScale(), MARK_MIN_SCALE, MARK_MAX_SCALE);
    }

    /** Why the tenant may not read {@code uri} (input assets and a mark's logo alike), or null if it may. */
    private String unreadable(String uri, String tenantId) {
        // Held outputs are no one's input: the quarantine bucket is never readable, whatever a list says.
        Set<String> shared = readable(config.storage().inputBuckets());
        Set<String> own = readable(config.tenants().find(tenantId).map(t -> t.inputBuckets()).orElse(List.of()));
        return AssetUris.forbiddenReason(uri, tenantId, shared, own);
    }

    private Set<String> readable(List<String> buckets) {
        Set<String> readable = new java.util.HashSet<>(buckets);
        readable.remove(config.storage().quarantineBucket());
        return readable;
    }

    private static Set<AssetRole> requiredRoles(GenerationMode mode) {
        return switch (mode) {
            case TEXT_TO_IMAGE, TEXT_TO_VIDEO -> EnumSet.noneOf(AssetRole.class);
            case IMAGE_TO_VIDEO -> EnumSet.of(AssetRole.FIRST_FRAME);
            case EXTEND_VIDEO, EDIT_VIDEO -> EnumSet.of(AssetRole.SOURCE_VIDEO);
            case CONNECT_VIDEOS -> EnumSet.of(AssetRole.CONNECT_FROM, AssetRole.CONNECT_TO);
        };
    }

    private static Rejection bounded(String field, Double value, double min, double max) {
        return OutputLimits.bounded(field, value, min, max).orElse(null);
    }

    private static Rejection reject(ErrorCode code, String message) {
        return Rejection.of(code, message);
    }
}
