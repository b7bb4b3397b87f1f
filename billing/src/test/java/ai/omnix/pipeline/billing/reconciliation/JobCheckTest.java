package ai.omnix.pipeline.billing.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What an ended job's hold should show, as a table: {@code ReconciliationBatchJob.checkJob}. */
class JobCheckTest {

  @ParameterizedTest(name = "{0} {1} est {2} actual {3} count {4}, hold {5} of {6}, {7} × {8}: {9}")
  @CsvSource(
      nullValues = "null",
      value = {
        // a transcode that used 40 of 100 is sold at 0.6 credit: one settlement of 600 is right
        "succeeded, transcode, 100, 40, null, settled, 1500, 1, 600, null",
        "succeeded, transcode, 100, 40, null, settled, 1500, 0, 0, settlement_matches_actual",
        "succeeded, transcode, 100, 40, null, settled, 1500, 1, 1500, settlement_matches_actual",
        "succeeded, transcode, 100, 40, null, settled, 1500, 2, 1200, settlement_matches_actual",
        "succeeded, transcode, 100, 40, null, open, 1500, 0, 0, settlement_matches_actual",
        // nothing reported: the estimate's price
        "succeeded, transcode, 100, null, null, settled, 1500, 1, 1500, null",
        // a price of zero (internal work) is a release: no settlement at all, and one is too many
        "succeeded, noop, 100, 40, null, released, 1500, 0, 0, null",
        "succeeded, noop, 100, 40, null, settled, 1500, 1, 600, settlement_matches_actual",
        // never more than the hold
        "succeeded, transcode, 100, 100000, null, settled, 1500, 1, 1500, null",
        // images: 4 images estimated at 168 are priced per image (42 each: the 1-credit floor)
        "succeeded, generate-image, 168, 168, 4, settled, 4000, 1, 4000, null",
        "succeeded, generate-image, 168, 168, 4, settled, 4000, 1, 1000, settlement_matches_actual",
        // failed or canceled: the hold must be closed, whatever it charged (delivered work)
        "failed, transcode, 100, null, null, released, 1500, 0, 0, null",
        "failed, generate-image, 42, null, null, settled, 1000, 1, 1000, null",
        "canceled, transcode, 100, null, null, open, 1500, 0, 0, reservation_released",
        "failed, transcode, 100, null, null, open, 1500, 0, 0, reservation_released",
      })
  void findsWhatTheEscrowShouldHaveDone(
      String status,
      String type,
      long estimate,
      Long actual,
      String count,
      String holdStatus,
      long held,
      long settlements,
      long settled,
      String finding) {
    Finding found =
        ReconciliationBatchJob.checkJob(
            new ReconciliationBatchJob.JobHoldRow(
                UUID.randomUUID(),
                "t",
                type,
                status,
                estimate,
                actual,
                count,
                holdStatus,
                held,
                settlements,
                settled));
    if (finding == null) {
      assertThat(found).isNull();
    } else {
      assertThat(found).isNotNull();
      assertThat(found.check()).isEqualTo(finding);
    }
  }
}
