package ai.omnix.pipeline.chat.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.ledger.CreditLedger;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.asset.AssetRepository;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Attachments in a chat-only process: every refusal that needs no worker, and the bounded wait for
 * an extraction that no worker here will run (the documents themselves are read through real
 * workers in the launcher's {@code ChatDocumentsIT}).
 */
class ChatAttachmentsIT extends ChatTestSupport {
  @Autowired AssetRepository assets;
  @Autowired TenantRepository tenantRepository;
  @Autowired CreditLedger ledger;
  @Autowired JdbcClient jdbc;

  record Tenant(TenantId id, String key) {}

  private Tenant aPaidTenant() {
    TenantId id = new TenantId("t-" + UUID.randomUUID().toString().substring(0, 12));
    tenantRepository.create(id, "Chat attachments", Plan.PRO);
    ledger.grant(id, "grant-" + id.value(), Credits.of(100), "test");
    return new Tenant(id, tenantRepository.issueKey(id, false));
  }

  /** An asset row of the tenant (these tests never read its bytes). */
  private String anAsset(TenantId tenant, String filename, String contentType) {
    String id = AssetRepository.newId();
    assets.insert(
        new AssetRepository.NewAsset(
            id,
            tenant,
            AssetRepository.blobKey(tenant, id),
            "local",
            filename,
            contentType,
            1024,
            "0".repeat(64),
            null,
            null,
            null,
            Map.of()));
    return id;
  }

  private String conversation(String key, String model) {
    Response created = post(key, "/v1/conversations", Map.of("model", model));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return (String) created.json().get("id");
  }

  private Response say(String key, String conversation, List<String> assetIds) {
    return post(
        key,
        "/v1/conversations/" + conversation + "/messages",
        Map.of("content", "What does it say?", "asset_ids", assetIds, "max_tokens", 20));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> firstError(Response r) {
    return ((List<Map<String, Object>>) r.json().get("errors")).get(0);
  }

  private int extractJobs(TenantId tenant) {
    return jdbc.sql("select count(*) from jobs where tenant_id = ? and type = 'extract'")
        .param(tenant.value())
        .query(Integer.class)
        .single();
  }

  @SuppressWarnings("unchecked")
  private List<Object> messages(String key, String conversation) {
    return (List<Object>) get(key, "/v1/conversations/" + conversation).json().get("messages");
  }

  @Test
  void anImageForAModelWithoutVisionIsRefusedBeforeAnythingRuns() {
    Tenant tenant = aPaidTenant();
    String image = anAsset(tenant.id(), "photo.png", "image/png");
    String conversation = conversation(tenant.key(), "recorded-small");

    Response refused = say(tenant.key(), conversation, List.of(image));

    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.json()).containsEntry("code", "model_lacks_vision");
    assertThat(firstError(refused)).containsEntry("asset_id", image);
    assertThat(messages(tenant.key(), conversation)).isEmpty();
  }

  @Test
  void anotherTenantsAssetIsNotFoundAndAVideoIsNotAnAttachment() {
    Tenant owner = aPaidTenant();
    Tenant other = aPaidTenant();
    String theirs = anAsset(owner.id(), "memo.pdf", "application/pdf");
    String video = anAsset(other.id(), "clip.mp4", "video/mp4");
    String conversation = conversation(other.key(), "offline-chat");

    Response notFound = say(other.key(), conversation, List.of(theirs));
    assertThat(notFound.status()).as(notFound.body()).isEqualTo(404);
    assertThat(notFound.json()).containsEntry("code", "not_found");
    assertThat(extractJobs(owner.id()) + extractJobs(other.id())).isZero();

    Response unsupported = say(other.key(), conversation, List.of(video));
    assertThat(unsupported.status()).as(unsupported.body()).isEqualTo(422);
    assertThat(unsupported.json()).containsEntry("code", "unsupported_attachment");
    assertThat(messages(other.key(), conversation)).isEmpty();
  }

  @Test
  void aDocumentWhoseExtractionDoesNotFinishInTimeAnswersNotReadyWithTheJobAndReusesIt() {
    Tenant tenant = aPaidTenant();
    String pdf = anAsset(tenant.id(), "memo.pdf", "application/pdf");
    String conversation = conversation(tenant.key(), "offline-chat");

    Response first = say(tenant.key(), conversation, List.of(pdf));
    assertThat(first.status()).as(first.body()).isEqualTo(409);
    assertThat(first.json()).containsEntry("code", "attachment_not_ready");
    String job = (String) firstError(first).get("job_id");
    assertThat(job).isNotNull();
    assertThat(first.json().get("detail")).asString().contains(job);

    // the second message waits for the same job rather than submitting another
    Response second = say(tenant.key(), conversation, List.of(pdf));
    assertThat(second.status()).as(second.body()).isEqualTo(409);
    assertThat(firstError(second)).containsEntry("job_id", job);
    assertThat(extractJobs(tenant.id())).isEqualTo(1);
    assertThat(messages(tenant.key(), conversation)).isEmpty();

    // the job was billed as any job: its price (the file-processing price) is held in escrow
    assertThat(ledger.balance(tenant.id()).reserved()).isNotEqualTo(Credits.ZERO);

    // it fails (as a worker would record it): the message says so, with the job's code
    jdbc.sql(
            "update jobs set status = 'failed', error_code = 'document_encrypted',"
                + " error_message = 'the PDF needs a password', error_retryable = false,"
                + " finished_at = now() where id = ?")
        .param(UUID.fromString(job))
        .update();
    Response failed = say(tenant.key(), conversation, List.of(pdf));
    assertThat(failed.status()).as(failed.body()).isEqualTo(422);
    assertThat(failed.json()).containsEntry("code", "attachment_failed");
    assertThat(firstError(failed))
        .containsEntry("job_id", job)
        .containsEntry("job_error_code", "document_encrypted");
    assertThat(extractJobs(tenant.id())).isEqualTo(1);
  }
}
