package io.reelflow.operators.campaign.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.ObjectWrite;
import io.reelflow.schema.GenerationResult;
import io.reelflow.schema.ResultStatus;
import io.reelflow.schema.ReviewTask;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignLedgerTest {

    private static final String PREFIX = "acme/campaigns/spring/outputs/";
    private static final String OUTPUT = "spring-00ff";

    private static GenerationResult.Builder result(String output, ResultStatus status) {
        return LedgerFixtures.result("acme", "spring", output, output, status);
    }

    private static GenerationResult.Builder attempt(String request, ResultStatus status, long sampleMs, long at) {
        return LedgerFixtures.result("acme", "spring", request, OUTPUT, status)
                .setTimingsMs(Map.of("sample", sampleMs)).setCompletedAt(LedgerFixtures.COMPLETED.plusSeconds(at));
    }

    private static void put(Map<String, byte[]> objects, GenerationResult result) {
        ObjectWrite write = CampaignLedger.entry(result).orElseThrow();
        objects.put(write.key(), write.bytes());
    }

    @Test
    void anAttemptIsWrittenUnderItsOutputAndItsRequestAndReadsBackEqual() {
        GenerationResult failed = result(OUTPUT, ResultStatus.FAILED).setRequestId(OUTPUT + "-rabc")
                .setErrorCode("ENCODE_FAILED").setTimingsMs(Map.of("sample", 1500L)).build();

        ObjectWrite write = CampaignLedger.entry(failed).orElseThrow();

        assertThat(write.key()).isEqualTo(PREFIX + OUTPUT + "/" + OUTPUT + "-rabc");
        assertThat(write.contentType()).isEqualTo(CampaignLedger.CONTENT_TYPE);
        LedgerRecord record = LedgerRecord.decode(write.bytes()).orElseThrow();
        assertThat(record).isEqualTo(new LedgerRecord.Finished(failed));
        assertThat(record.status()).isEqualTo("FAILED");
        assertThat(record.done()).isFalse();
        assertThat(record.settled()).isFalse();
        assertThat(record.deviceSeconds()).isEqualTo(1.5);
    }

    @Test
    void aHeldOutputReadsBackAsItsReviewTaskAndCountsAsDone() {
        ReviewTask task = LedgerFixtures.review(result(OUTPUT, ResultStatus.SUCCEEDED).build());

        ObjectWrite write = CampaignLedger.entry(task).orElseThrow();

        assertThat(write.key()).isEqualTo(PREFIX + OUTPUT + "/" + OUTPUT);
        LedgerRecord record = LedgerRecord.decode(write.bytes()).orElseThrow();
        assertThat(record).isInstanceOf(LedgerRecord.Held.class).isEqualTo(new LedgerRecord.Held(task));
        assertThat(record.status()).isEqualTo(CampaignLedger.HELD);
        assertThat(record.done()).isTrue();
        assertThat(record.completedAt()).isEqualTo(task.getHeldAt());
    }

    @Test
    void refusalsByModerationOrAReviewerSettleAnOutputOtherFailuresDoNot() {
        for (ErrorCode code : List.of(ErrorCode.MODERATION_BLOCKED, ErrorCode.REVIEW_REJECTED)) {
            LedgerRecord refused = new LedgerRecord.Finished(result(OUTPUT, ResultStatus.REJECTED)
                    .setErrorCode(code.name()).build());
            assertThat(refused.settled()).as("%s", code).isTrue();
            assertThat(refused.done()).isFalse();
        }
        for (ErrorCode code : List.of(ErrorCode.INVALID_FIELD, ErrorCode.GENERATION_TIMEOUT, ErrorCode.STORE_FAILED)) {
            assertThat(new LedgerRecord.Finished(result(OUTPUT, ResultStatus.FAILED).setErrorCode(code.name()).build())
                    .settled()).as("%s", code).isFalse();
        }
    }

    @Test
    void damagedBytesAreNoRecord() {
        byte[] good = new LedgerRecord.Finished(result(OUTPUT, ResultStatus.SUCCEEDED).build()).encode();
        byte[] flipped = good.clone();
        flipped[5] ^= 0x5a; // inside the schema fingerprint
        List<byte[]> damaged = List.of(new byte[0], "not avro".getBytes(), Arrays.copyOf(good, good.length / 2),
                Arrays.copyOf(good, 10), flipped, new byte[] {(byte) 0xc3, 0x01});

        for (byte[] bytes : damaged) {
            assertThatCode(() -> assertThat(LedgerRecord.decode(bytes)).isEmpty()).doesNotThrowAnyException();
        }
        Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put(PREFIX + OUTPUT + "/" + OUTPUT, good);
        objects.put(PREFIX + "spring-2/spring-2", damaged.get(2));
        objects.put(PREFIX + "spring-3/spring-3", damaged.get(4));
        assertThat(CampaignLedger.read("acme", "spring", objects).outputs()).containsOnlyKeys(OUTPUT);
    }

    @Test
    void resultsThatSayNothingAboutAnOutputOfTheCampaignAreNotWritten() {
        assertThat(CampaignLedger.entry(result(OUTPUT, ResultStatus.REJECTED)
                .setErrorCode(ErrorCode.DUPLICATE_REQUEST.name()).build())).isEmpty();
        assertThat(CampaignLedger.entry(LedgerFixtures.result("acme", "spring", "spring-7", null, ResultStatus.SUCCEEDED)
                .build())).isEmpty();
        assertThat(CampaignLedger.entry(result(OUTPUT, ResultStatus.SUCCEEDED).setCampaignId(null).build())).isEmpty();
        // a client copying an output's labels onto its own request, or naming another campaign's output
        assertThat(CampaignLedger.entry(result(OUTPUT, ResultStatus.FAILED).setRequestId("mine").build())).isEmpty();
        assertThat(CampaignLedger.entry(result(OUTPUT, ResultStatus.FAILED).setRequestId(OUTPUT + "-r").build()))
                .isEmpty();
        assertThat(CampaignLedger.entry(result(OUTPUT, ResultStatus.FAILED).setRequestId(OUTPUT + "-rA!").build()))
                .isEmpty();
        assertThat(CampaignLedger.entry(result("autumn-00ff", ResultStatus.SUCCEEDED).build())).isEmpty();
        // a refusal for any other reason is the attempt's record
        assertThat(CampaignLedger.entry(result(OUTPUT, ResultStatus.REJECTED).setErrorCode(ErrorCode.INVALID_FIELD.name())
                .build())).isPresent();
    }

    @Test
    void idsThatCouldNotBeAKeySegmentAreNeverWritten() {
        List<String> hostile = List.of("..", ".", "a/b", "", "x".repeat(129), "a\u0000b", "a\nb", "a b", "ü", "a\\b");
        assertThat(CampaignLedger.entry(result("spring-" + "x".repeat(121), ResultStatus.SUCCEEDED).build())).isPresent();
        for (String id : hostile) {
            List<GenerationResult> results = List.of(
                    result(id, ResultStatus.SUCCEEDED).build(),
                    result(OUTPUT, ResultStatus.SUCCEEDED).setCampaignId(id).build(),
                    result(OUTPUT, ResultStatus.SUCCEEDED).setTenantId(id).build());
            for (GenerationResult r : results) {
                assertThatCode(() -> {
                    assertThat(CampaignLedger.entry(r)).as("%s", r).isEmpty();
                    assertThat(CampaignLedger.entry(LedgerFixtures.review(r))).as("review of %s", r).isEmpty();
                }).as("id %s", id).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void anOutputIsDecidedByTheAttemptThatProducedItAndEveryAttemptsTimeIsCounted() {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        String late = CampaignLedger.retryId(OUTPUT, Instant.ofEpochSecond(2_000_000_000L));
        put(objects, attempt(OUTPUT, ResultStatus.FAILED, 1000, 0).setErrorCode("GENERATION_TIMEOUT").build());
        put(objects, attempt(CampaignLedger.retryId(OUTPUT, Instant.ofEpochSecond(1_900_000_000L)),
                ResultStatus.SUCCEEDED, 2000, 10).build());
        // a retry sent again ends after the success, and fails: the output still exists
        put(objects, attempt(late, ResultStatus.FAILED, 500, 20).setErrorCode("STORE_FAILED").build());

        CampaignLedger.Ledger ledger = CampaignLedger.read("acme", "spring", objects);

        assertThat(ledger.outputs()).containsOnlyKeys(OUTPUT);
        assertThat(ledger.outputs().get(OUTPUT).done()).isTrue();
        assertThat(ledger.spentSeconds()).isEqualTo(3.5);
    }

    @Test
    void withoutASuccessTheLatestAttemptDecides() {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        put(objects, attempt(OUTPUT, ResultStatus.FAILED, 0, 30).setErrorCode("STORE_FAILED").build());
        put(objects, attempt(OUTPUT + "-r1", ResultStatus.REJECTED, 0, 40).setErrorCode("MODERATION_BLOCKED").build());

        LedgerRecord deciding = CampaignLedger.read("acme", "spring", objects).outputs().get(OUTPUT);

        assertThat(deciding.requestId()).isEqualTo(OUTPUT + "-r1");
        assertThat(deciding.settled()).isTrue();
    }

    @Test
    void readTakesOnlyTheCampaignsOwnRecordsWhereARecordGoes() {
        byte[] bytes = new LedgerRecord.Finished(result(OUTPUT, ResultStatus.SUCCEEDED).build()).encode();
        Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put(PREFIX + OUTPUT + "/" + OUTPUT, bytes);
        objects.put(PREFIX + "spring-2", bytes); // not under an output
        objects.put(PREFIX + "spring-3/deeper/" + OUTPUT, bytes);
        objects.put(PREFIX + "spring-4/other-request", bytes); // the record names another request than its key
        objects.put("acme/campaigns/spring/manifest.json", bytes);
        objects.put("acme/campaigns/spring-2/outputs/spring-5/" + OUTPUT, bytes);
        objects.put("other/campaigns/spring/outputs/spring-6/" + OUTPUT, bytes);

        CampaignLedger.Ledger ledger = CampaignLedger.read("acme", "spring", objects);

        assertThat(ledger.outputs()).containsOnlyKeys(OUTPUT);
        assertThat(ledger.outputs().get(OUTPUT).requestId()).isEqualTo(OUTPUT);
    }
}
