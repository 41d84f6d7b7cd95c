package io.reelflow.operators.decode;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.pipeline.RawRequest;
import io.reelflow.pipeline.SourceRef;
import io.reelflow.schema.AssetRole;
import io.reelflow.schema.GenerationMode;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.InputAsset;
import io.reelflow.schema.codec.JsonCodec;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Test requests: a valid image or video request, changed one field at a time, as Avro or JSON bytes. */
public final class Requests {

    public static final SourceRef SOURCE = new SourceRef("reelflow.requests", 3, 1042L);

    private final GenerationRequest.Builder builder;

    private Requests(GenerationRequest.Builder builder) {
        this.builder = builder;
    }

    /**
     * Tenants demo (may also read s3://demo-inputs; its list also names the quarantine bucket, which must stay
     * unreadable) and acme; every tenant may read its prefix of s3://reelflow-inputs.
     */
    public static ReelflowConfig config() {
        return ConfigLoader.builder()
                .set("tenants.known", "[{id: demo, input-buckets: [demo-inputs, reelflow-quarantine], visible-mark: null},"
                        + " {id: acme, input-buckets: [], visible-mark: null}]")
                .build();
    }

    public static Requests image() {
        return new Requests(GenerationRequest.newBuilder()
                .setRequestId("req-0001")
                .setTenantId("demo")
                .setSubmittedAt(Instant.parse("2026-11-24T13:00:00Z"))
                .setMode(GenerationMode.TEXT_TO_IMAGE)
                .setPrompt("a red fox in fresh snow, morning light")
                .setWidth(1024)
                .setHeight(1024));
    }

    public static Requests video() {
        return image().with(b -> b
                .setMode(GenerationMode.TEXT_TO_VIDEO)
                .setPrompt("a lighthouse at dusk, waves breaking, slow dolly-in")
                .setWidth(1920)
                .setHeight(1080)
                .setDurationSeconds(4.0)
                .setFps(24));
    }

    /** A video mode that starts from input assets, given as (role, uri) pairs. */
    public static Requests from(GenerationMode mode, Object... rolesAndUris) {
        List<InputAsset> assets = new ArrayList<>();
        for (int i = 0; i < rolesAndUris.length; i += 2) {
            assets.add(new InputAsset((String) rolesAndUris[i + 1], (AssetRole) rolesAndUris[i]));
        }
        return video().with(b -> b.setMode(mode).setInputAssets(assets));
    }

    public Requests with(Consumer<GenerationRequest.Builder> change) {
        GenerationRequest.Builder copy = GenerationRequest.newBuilder(builder);
        change.accept(copy);
        return new Requests(copy);
    }

    public GenerationRequest build() {
        return builder.build();
    }

    public byte[] avro() {
        return SingleObjectCodec.of(GenerationRequest.class).encode(build());
    }

    public byte[] json() {
        return JsonCodec.of(GenerationRequest.class).encode(build()).getBytes(StandardCharsets.UTF_8);
    }

    public static RawRequest raw(byte[] payload) {
        return new RawRequest(payload, SOURCE, 1_764_000_000_000L);
    }

    public static RawRequest raw(String payload) {
        return raw(payload.getBytes(StandardCharsets.UTF_8));
    }
}
