package io.reelflow.pipeline;

import java.io.Serializable;

/**
 * Where a request's bytes came from: a Kafka topic, partition and offset, or a campaign file ({@code campaign:<file>},
 * partition 0, the row number as offset). Dead letters point back at the bytes with it.
 */
public record SourceRef(String topic, int partition, long offset) implements Serializable {

    public static SourceRef campaignRow(String file, long row) {
        return new SourceRef("campaign:" + file, 0, row);
    }

    @Override
    public String toString() {
        return topic + "/" + partition + "@" + offset;
    }
}
