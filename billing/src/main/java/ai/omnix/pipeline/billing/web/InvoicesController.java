package ai.omnix.pipeline.billing.web;

import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.billing.invoice.InvoiceContent;
import ai.omnix.pipeline.billing.invoice.InvoiceStore;
import ai.omnix.pipeline.billing.invoice.InvoicingJobHandler;
import ai.omnix.pipeline.core.document.TextPdfRenderer;
import ai.omnix.pipeline.core.tenant.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's invoices: {@code GET /v1/invoices}, {@code GET /v1/invoices/{id}} (with its lines) and
 * {@code GET /v1/invoices/{id}/invoice.csv} and {@code GET /v1/invoices/{id}/invoice.pdf} (the same
 * document the invoicing run writes, rendered from the stored invoice). Another tenant's invoice is
 * simply not found.
 */
@RestController
public class InvoicesController {
  private final InvoiceStore store;
  private final ObjectProvider<TextPdfRenderer> pdf;

  public InvoicesController(InvoiceStore store, ObjectProvider<TextPdfRenderer> pdf) {
    this.store = store;
    this.pdf = pdf;
  }

  @GetMapping(path = "/v1/invoices", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> list(HttpServletRequest request) {
    TenantId tenant = ApiKeyAuthenticationFilter.principal(request).tenant().id();
    return Map.of(
        "data", store.list(tenant, 120).stream().map(InvoicesController::summary).toList());
  }

  @GetMapping(path = "/v1/invoices/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> get(HttpServletRequest request, @PathVariable String id) {
    InvoiceStore.Invoice invoice = own(request, id);
    Map<String, Object> wire = summary(invoice);
    wire.put(
        "lines",
        store.lines(invoice.id()).stream()
            .map(
                l -> {
                  Map<String, Object> line = new LinkedHashMap<>();
                  line.put("kind", l.kind().wireName());
                  line.put("description", l.description());
                  line.put("quantity", l.quantity());
                  line.put("credits", l.credits().toString());
                  line.put("usd", InvoiceContent.usd(l.usd()));
                  return line;
                })
            .toList());
    wire.put("tax_note", InvoiceContent.TAX_NOTE);
    wire.put("csv_url", "/v1/invoices/" + invoice.id() + "/invoice.csv");
    wire.put("pdf_url", "/v1/invoices/" + invoice.id() + "/invoice.pdf");
    return wire;
  }

  @GetMapping(path = "/v1/invoices/{id}/invoice.csv")
  public ResponseEntity<String> csv(HttpServletRequest request, @PathVariable String id) {
    InvoiceStore.Invoice invoice = own(request, id);
    List<InvoiceContent.Line> lines = store.lines(invoice.id());
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
        .header(
            "Content-Disposition",
            "attachment; filename=\""
                + (invoice.number() != null ? invoice.number() : "draft-" + invoice.period())
                + ".csv\"")
        .body(
            InvoiceContent.csv(
                invoice.number(), invoice.period(), lines, InvoiceContent.totals(lines)));
  }

  @GetMapping(path = "/v1/invoices/{id}/invoice.pdf")
  public ResponseEntity<byte[]> pdf(HttpServletRequest request, @PathVariable String id) {
    InvoiceStore.Invoice invoice = own(request, id);
    TextPdfRenderer renderer = pdf.getIfAvailable();
    if (renderer == null) {
      throw new ApiProblem(
          503,
          "pdf_unavailable",
          "PDF unavailable",
          "This API process renders no PDF (document processing is not on its classpath); the CSV"
              + " is at /v1/invoices/"
              + invoice.id()
              + "/invoice.csv.");
    }
    byte[] document =
        renderer.render(
            InvoicingJobHandler.title(invoice),
            InvoiceContent.text(invoice, store.lines(invoice.id())));
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_PDF)
        .header(
            "Content-Disposition",
            "attachment; filename=\""
                + (invoice.number() != null ? invoice.number() : "draft-" + invoice.period())
                + ".pdf\"")
        .body(document);
  }

  private InvoiceStore.Invoice own(HttpServletRequest request, String id) {
    TenantId tenant = ApiKeyAuthenticationFilter.principal(request).tenant().id();
    UUID uuid;
    try {
      uuid = id.length() == 36 ? UUID.fromString(id) : null;
    } catch (IllegalArgumentException e) {
      uuid = null;
    }
    if (uuid == null) {
      throw ApiProblem.notFound("Invoice " + id);
    }
    return store
        .find(uuid)
        .filter(i -> i.tenant().equals(tenant))
        .orElseThrow(() -> ApiProblem.notFound("Invoice " + id));
  }

  private static Map<String, Object> summary(InvoiceStore.Invoice invoice) {
    Map<String, Object> wire = new LinkedHashMap<>(InvoiceStore.wire(invoice));
    wire.put("period_start", invoice.periodStart().toString());
    wire.put("period_end", invoice.periodEnd().toString());
    return wire;
  }
}
