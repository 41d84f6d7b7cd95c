package io.reelflow.jobs.kafka;

import io.reelflow.config.KafkaConfig;
import io.reelflow.config.ReelflowConfig;
import io.reelflow.operators.generate.ProgressListener;
import io.reelflow.pipeline.Outcomes;
import io.reelflow.pipeline.Trace;
import io.reelflow.schema.GenerationEvent;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SAMPLING events (step k of n) straight to the events topic from each TaskManager's engine, outside the exactly-once
 * sink: a progress bar wants them now, not at the next checkpoint. They are informational and best-effort (a
 * restore may repeat or skip some); lifecycle events and results still go through the transactional sink.
 */
public record KafkaProgressEvents(KafkaConfig kafka) implements ProgressListener.Factory {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaProgressEvents.class);

    @Override
    public ProgressListener create(ReelflowConfig config) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        SingleObjectCodec<GenerationEvent> codec = SingleObjectCodec.of(GenerationEvent.class);
        String topic = kafka.topics().events();
        return new ProgressListener() {
            @Override
            public void progress(Trace trace, int stepsDone, int stepsTotal) {
                byte[] value;
                synchronized (codec) { // one worker thread per device calls this
                    value = codec.encode(Outcomes.progress(trace, stepsDone, stepsTotal, Instant.now()));
                }
                producer.send(new ProducerRecord<>(topic, trace.requestId().getBytes(StandardCharsets.UTF_8), value),
                        (metadata, error) -> {
                            if (error != null) {
                                LOG.debug("a progress event for {} was not sent", trace.requestId(), error);
                            }
                        });
            }

            @Override
            public void close() {
                producer.close(java.time.Duration.ofSeconds(5));
            }
        };
    }
}
