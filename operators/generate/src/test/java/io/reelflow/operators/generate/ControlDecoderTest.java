package io.reelflow.operators.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelflow.pipeline.ErrorCode;
import io.reelflow.schema.ControlAction;
import io.reelflow.schema.ControlCommand;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ControlDecoderTest {

    private final ControlDecoder decoder = new ControlDecoder(1024);

    @Test
    void readsAvroAndJson() {
        ControlCommand command = ControlCommand.newBuilder().setTenantId("acme").setRequestId("r-1")
                .setAction(ControlAction.CANCEL).setIssuedAt(Instant.parse("2026-11-25T09:00:00Z")).build();
        byte[] avro = SingleObjectCodec.of(ControlCommand.class).encode(command);
        byte[] json = ("{\"tenant_id\": \"acme\", \"request_id\": \"r-1\", \"action\": \"CANCEL\","
                + " \"issued_at\": 1795597200000}").getBytes(StandardCharsets.UTF_8);

        assertThat(decoder.decode(avro)).isEqualTo(new ControlDecoder.Accepted(command));
        assertThat(decoder.decode(json)).isEqualTo(new ControlDecoder.Accepted(command));
    }

    @Test
    void badBytesAreRejectedWithAReason() {
        assertThat(code(new byte[] {1, 2, 3})).isEqualTo(ErrorCode.MALFORMED_PAYLOAD);
        assertThat(code(new byte[0])).isEqualTo(ErrorCode.MALFORMED_PAYLOAD);
        assertThat(code(new byte[2048])).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(code(("{\"tenant_id\": \" \", \"request_id\": \"r\", \"action\": \"CANCEL\", \"issued_at\": 0}")
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(ErrorCode.MISSING_FIELD);
        assertThat(code("{\"tenant_id\": \"a\", \"request_id\": \"r\", \"action\": \"EXPLODE\", \"issued_at\": 0}"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(ErrorCode.MALFORMED_PAYLOAD);
    }

    private ErrorCode code(byte[] payload) {
        ControlDecoder.Outcome outcome = decoder.decode(payload);
        assertThat(outcome).isInstanceOf(ControlDecoder.Rejected.class);
        return ((ControlDecoder.Rejected) outcome).reason().code();
    }
}
