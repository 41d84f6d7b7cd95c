package io.reelflow.operators.generate;

import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Rejection;
import io.reelflow.schema.ControlCommand;
import io.reelflow.schema.codec.CodecException;
import io.reelflow.schema.codec.JsonCodec;
import io.reelflow.schema.codec.SingleObjectCodec;

/**
 * Control topic bytes to a {@link ControlCommand}: Avro single-object encoding (by its magic) or a JSON object, at
 * most {@code maxBytes}, naming a tenant and a request. Never throws on bad input. One instance per thread.
 */
public final class ControlDecoder {

    /** A command, or why the bytes are not one. */
    public sealed interface Outcome {}

    public record Accepted(ControlCommand command) implements Outcome {}

    public record Rejected(Rejection reason) implements Outcome {}

    private final int maxBytes;
    private final SingleObjectCodec<ControlCommand> avro = SingleObjectCodec.of(ControlCommand.class);
    private final JsonCodec<ControlCommand> json = JsonCodec.of(ControlCommand.class);

    public ControlDecoder(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public Outcome decode(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return rejected(ErrorCode.MALFORMED_PAYLOAD, "empty control record");
        }
        if (payload.length > maxBytes) {
            return rejected(ErrorCode.PAYLOAD_TOO_LARGE, "control record has " + payload.length + " bytes, at most "
                    + maxBytes + " are allowed");
        }
        ControlCommand command;
        try {
            command = SingleObjectCodec.hasMagic(payload) ? avro.decode(payload) : json.decode(payload);
        } catch (CodecException e) {
            return rejected(ErrorCode.MALFORMED_PAYLOAD, "not a ControlCommand: " + e.getMessage());
        }
        if (command.getTenantId().isBlank() || command.getRequestId().isBlank()) {
            return rejected(ErrorCode.MISSING_FIELD, "a control command names a tenant_id and a request_id");
        }
        return new Accepted(command);
    }

    private static Outcome rejected(ErrorCode code, String message) {
        return new Rejected(Rejection.of(code, message));
    }
}
