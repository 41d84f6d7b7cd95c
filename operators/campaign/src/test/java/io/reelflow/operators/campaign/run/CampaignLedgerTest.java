package io.reelflow.operators.campaign.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.ObjectWrite;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.ReviewTask;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignLedgerTest {

    private static final String PREFIX = "acme/campaigns/spring/outputs/";

    private static GenerationResult.Builder result(String output, ResultStatus status) {
        return LedgerFixtures.result("acme", "spring", output, output, status);
    }

    @Test
    void aResultIsWrittenUnderItsOutputAndReadsBackEqual() {
        GenerationResult failed = result("spring-00ff", ResultStatus.FAILED).setRequestId("spring-00ff-rabc")
                .setErrorCode("ENCODE_FAILED").setTimingsMs(Map.of("sample", 1500L)).build();

        ObjectWrite write = CampaignLedger.entry(failed).orElseThrow();

        assertThat(write.key()).isEqualTo(PREFIX + "spring-00ff");
        assertThat(write.contentType()).isEqualTo(CampaignLedger.CONTENT_TYPE);
        LedgerRecord record = LedgerRecord.decode(write.bytes()).orElseThrow();
        assertThat(record).isEqualTo(new LedgerRecord.Finished(failed));
        assertThat(record.requestId()).isEqualTo("spring-00ff-rabc");
        assertThat(record.status()).isEqualTo("FAILED");
        assertThat(record.done()).isFalse();
        assertThat(record.deviceSeconds()).isEqualTo(1.5);
        assertThat(LedgerRecord.decode(new LedgerRecord.Finished(result("x", ResultStatus.SUCCEEDED).build()).encode())
                .orElseThrow().done()).isTrue();
    }

    @Test
    void aHeldOutputReadsBackAsItsReviewTaskAndCountsAsDone() {
        ReviewTask task = LedgerFixtures.review(result("spring-00ff", ResultStatus.SUCCEEDED).build());

        ObjectWrite write = CampaignLedger.entry(task).orElseThrow();

        assertThat(write.key()).isEqualTo(PREFIX + "spring-00ff");
        LedgerRecord record = LedgerRecord.decode(write.bytes()).orElseThrow();
        assertThat(record).isInstanceOf(LedgerRecord.Held.class).isEqualTo(new LedgerRecord.Held(task));
        assertThat(record.status()).isEqualTo(CampaignLedger.HELD);
        assertThat(record.done()).isTrue();
        assertThat(record.completedAt()).isEqualTo(task.getHeldAt());
        assertThat(record.result()).isEqualTo(task.getResult());
    }

    @Test
    void damagedBytesAreNoRecord() {
        byte[] good = new LedgerRecord.Finished(result("o1", ResultStatus.SUCCEEDED).build()).encode();
        byte[] flipped = good.clone();
        flipped[5] ^= 0x5a; // inside the schema fingerprint
        List<byte[]> damaged = List.of(new byte[0], "not avro".getBytes(), Arrays.copyOf(good, good.length / 2),
                Arrays.copyOf(good, 10), flipped, new byte[] {(byte) 0xc3, 0x01});

        for (byte[] bytes : damaged) {
            assertThatCode(() -> assertThat(LedgerRecord.decode(bytes)).isEmpty()).doesNotThrowAnyException();
        }
        Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put(PREFIX + "o1", good);
        objects.put(PREFIX + "o2", damaged.get(2));
        objects.put(PREFIX + "o3", damaged.get(4));
        assertThat(CampaignLedger.read("acme", "spring", objects)).containsOnlyKeys("o1");
    }

    @Test
    void resultsThatSayNothingAboutAnOutputAreNotWritten() {
        assertThat(CampaignLedger.entry(result("o1", ResultStatus.REJECTED)
                .setErrorCode(ErrorCode.DUPLICATE_REQUEST.name()).build())).isEmpty();
        assertThat(CampaignLedger.entry(LedgerFixtures.result("acme", "spring", "spring-7", null, ResultStatus.SUCCEEDED)
                .build())).isEmpty();
        assertThat(CampaignLedger.entry(result("o1", ResultStatus.SUCCEEDED).setCampaignId(null).build())).isEmpty();
        // a refusal for any other reason is the output's record
        assertThat(CampaignLedger.entry(result("o1", ResultStatus.REJECTED).setErrorCode(ErrorCode.INVALID_FIELD.name())
                .build())).isPresent();
    }

    @Test
    void idsThatCouldNotBeAKeySegmentAreNeverWritten() {
        List<String> hostile = List.of("..", ".", "a/b", "", "x".repeat(129), "a\u0000b", "a\nb", "a b", "ü", "a\\b");
        assertThat(CampaignLedger.entry(result("x".repeat(128), ResultStatus.SUCCEEDED).build())).isPresent();
        for (String id : hostile) {
            List<GenerationResult> results = List.of(
                    result(id, ResultStatus.SUCCEEDED).build(),
                    result("o1", ResultStatus.SUCCEEDED).setCampaignId(id).build(),
                    result("o1", ResultStatus.SUCCEEDED).setTenantId(id).build());
            for (GenerationResult r : results) {
                assertThatCode(() -> {
                    assertThat(CampaignLedger.entry(r)).as("%s", r).isEmpty();
                    assertThat(CampaignLedger.entry(LedgerFixtures.review(r))).as("review of %s", r).isEmpty();
                }).as("id %s", id).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void readTakesOnlyTheCampaignsOwnRecords() {
        byte[] bytes = new LedgerRecord.Finished(result("o1", ResultStatus.SUCCEEDED).build()).encode();
        Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put(PREFIX + "o1", bytes);
        objects.put(PREFIX + "deeper/o2", bytes);
        objects.put("acme/campaigns/spring/manifest.json", bytes);
        objects.put("acme/campaigns/spring-2/outputs/o3", bytes);
        objects.put("other/campaigns/spring/outputs/o4", bytes);
        objects.put("x/" + PREFIX + "o5", bytes);

        Map<String, LedgerRecord> records = CampaignLedger.read("acme", "spring", objects);

        assertThat(records).containsOnlyKeys("o1");
        assertThat(records.get("o1").requestId()).isEqualTo("o1");
    }

    @Test
    void spentSecondsSumsEverySamplingTime() {
        List<LedgerRecord> records = List.of(
                new LedgerRecord.Finished(result("o1", ResultStatus.SUCCEEDED).setTimingsMs(Map.of("sample", 1250L))
                        .build()),
                new LedgerRecord.Finished(result("o2", ResultStatus.FAILED).setTimingsMs(Map.of("sample", 500L,
                        "encode", 9000L)).build()),
                new LedgerRecord.Finished(result("o3", ResultStatus.REJECTED).build()),
                new LedgerRecord.Held(LedgerFixtures.review(result("o4", ResultStatus.SUCCEEDED)
                        .setTimingsMs(Map.of("sample", 2000L)).build())));

        assertThat(CampaignLedger.spentSeconds(records)).isEqualTo(3.75);
        assertThat(CampaignLedger.spentSeconds(List.of())).isZero();
        assertThat(records.get(2).deviceSeconds()).isZero();
    }
}
