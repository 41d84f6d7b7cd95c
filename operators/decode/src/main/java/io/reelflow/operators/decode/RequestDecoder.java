package io.reelflow.operators.decode;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.model.ModelCatalog;
import io.reelflow.operators.decode.internal.Correlation;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.RawRequest;
import io.reelflow.pipeline.Rejection;
import io.reelflow.pipeline.Stages;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.codec.CodecException;
import io.reelflow.schema.codec.JsonCodec;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The decode stage's engine: request bytes in, an accepted {@link DecodedRequest} or a {@link DecodeOutcome.Rejected}
 * out. Checks the size, detects the format (Avro single-object encoding by its magic, or a JSON object), decodes and
 * validates. Never throws on bad input. One instance per thread (the Avro codec is not thread-safe).
 */
public final class RequestDecoder {

    private final ReelflowConfig config;
    private final RequestValidator validator;
    private final Clock clock;
    private final SingleObjectCodec<GenerationRequest> avro = SingleObjectCodec.of(GenerationRequest.class);
    private final JsonCodec<GenerationRequest> json = JsonCodec.of(GenerationRequest.class);

    private RequestDecoder(Builder b) {
        this.config = b.config;
        this.validator = new RequestValidator(b.config, b.catalog);
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    public DecodeOutcome decode(RawRequest raw) {
        long started = System.nanoTime();
        byte[] payload = raw.payload() == null ? new byte[0] : raw.payload();
        if (payload.length > config.limits().maxPayloadBytes()) {
            return rejected(null, ErrorCode.PAYLOAD_TOO_LARGE,
                    "payload has " + payload.length + " bytes, at most " + config.limits().maxPayloadBytes() + " are allowed");
        }
        GenerationRequest request;
        try {
            request = switch (PayloadFormat.of(payload)) {
                case AVRO_SINGLE_OBJECT -> avro.decode(payload);
                case JSON -> json.decode(payload);
                case UNKNOWN -> null;
            };
        } catch (CodecException e) {
            return rejected(e.partial(GenerationRequest.class), code(e.kind()), e.getMessage());
        }
        if (request == null) {
            return rejected(null, ErrorCode.MALFORMED_PAYLOAD,
                    "neither Avro single-object encoding (C3 01 header) nor a JSON object");
        }
        Optional<Rejection> invalid = validator.validate(request);
        if (invalid.isPresent()) {
            return new DecodeOutcome.Rejected(Correlation.of(request, config.limits()), invalid.get());
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        Trace trace = Trace.accepted(request, raw.source(), clock.millis()).timed(Stages.DECODE, millis);
        return new DecodeOutcome.Accepted(new DecodedRequest(trace, raw));
    }

    private DecodeOutcome rejected(GenerationRequest partial, ErrorCode code, String message) {
        return new DecodeOutcome.Rejected(Correlation.of(partial, config.limits()), Rejection.of(code, message));
    }

    private static ErrorCode code(CodecException.Kind kind) {
        return switch (kind) {
            case MALFORMED -> ErrorCode.MALFORMED_PAYLOAD;
            case UNKNOWN_FIELD -> ErrorCode.UNKNOWN_FIELD;
            case MISSING_FIELD -> ErrorCode.MISSING_FIELD;
            case INVALID_FIELD -> ErrorCode.INVALID_FIELD;
            case UNKNOWN_SCHEMA -> ErrorCode.UNKNOWN_SCHEMA;
        };
    }

    /** The two encodings the requests topic accepts. */
    enum PayloadFormat {
        AVRO_SINGLE_OBJECT,
        JSON,
        UNKNOWN;

        static PayloadFormat of(byte[] payload) {
            if (SingleObjectCodec.hasMagic(payload)) {
                return AVRO_SINGLE_OBJECT;
            }
            for (byte b : payload) {
                if (b == '{') {
                    return JSON;
                }
                if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                    return UNKNOWN;
                }
            }
            return UNKNOWN;
        }
    }

    public static final class Builder {
        private ReelflowConfig config;
        private ModelCatalog catalog;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        public Builder config(ReelflowConfig config) {
            this.config = config;
            return this;
        }

        /** The model catalog; by default the one at {@code generation.model-repository}. */
        public Builder catalog(ModelCatalog catalog) {
            this.catalog = catalog;
            return this;
        }

        /** Stamps {@code Trace.acceptedAtMillis}. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public RequestDecoder build() {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(clock, "clock");
            if (catalog == null) {
                catalog = ModelCatalog.of(config);
            }
            String defaultModel = config.generation().defaultModel();
            if (catalog.find(defaultModel).isEmpty()) {
                throw new IllegalArgumentException("generation.default-model " + defaultModel + " is not in " + catalog.repository());
            }
            return new RequestDecoder(this);
        }
    }
}
