package ai.omnix.pipeline.billing.escrow;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.Feature;
import ai.omnix.pipeline.core.job.JobStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EscrowSettlementTest {

  @ParameterizedTest(name = "{0} {1} est={2} actual={3} delivered={4} x{5} held={6} -> {7}")
  @CsvSource(
      nullValues = "-",
      value = {
        // a success is charged what it used, or its estimate when it reported nothing
        "FILE_PROCESSING, SUCCEEDED, 100, 40, -, 1, 1.5, 0.600",
        "FILE_PROCESSING, SUCCEEDED, 100, -, -, 1, 1.5, 1.500",
        // never more than the hold
        "FILE_PROCESSING, SUCCEEDED, 100, 900, -, 1, 1.5, 1.500",
        // a file's price has a published floor: a success that used nothing still costs 0.5
        "FILE_PROCESSING, SUCCEEDED, 0, 0, -, 1, 0.5, 0.500",
        // failure and cancel without delivery: nothing
        "FILE_PROCESSING, FAILED, 100, -, -, 1, 1.5, 0.000",
        "FILE_PROCESSING, CANCELED, 100, 40, -, 1, 1.5, 0.000",
        // a generation a provider delivered before the job failed or was canceled: what it
        // delivered
        "VIDEO, FAILED, 2000, -, 1000, 1, 30, 15.000",
        "VIDEO, CANCELED, 2000, -, 2000, 1, 30, 30.000",
        // images are priced per image, inside the published 1-5 credits per image
        "IMAGE, SUCCEEDED, 200, -, -, 4, 20, 4.000",
        "IMAGE, SUCCEEDED, 2000, -, -, 4, 20, 20.000",
        "INTERNAL, SUCCEEDED, 100, 100, -, 1, 1, 0.000"
      })
  void chargesWhatWasUsedOrDeliveredAndNeverMoreThanTheHold(
      Feature feature,
      JobStatus status,
      long estimate,
      Long actual,
      Long delivered,
      long count,
      String held,
      String charged) {
    assertThat(
            EscrowSettlement.charge(
                feature, status, estimate, actual, delivered, count, Credits.parse(held)))
        .hasToString(charged);
  }
}
