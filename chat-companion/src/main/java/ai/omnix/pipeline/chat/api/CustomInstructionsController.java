package ai.omnix.pipeline.chat.api;

import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import ai.omnix.pipeline.core.chat.CustomInstructions;
import ai.omnix.pipeline.core.tenant.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's custom instructions: the system prompt every conversation starts with (also shown as
 * {@code custom_instructions} in {@code GET /v1/me}). Served by the chat role, so a chat-only
 * process can set them.
 */
@RestController
public class CustomInstructionsController {
  private final CustomInstructions instructions;
  private final int maxChars;

  public CustomInstructionsController(CustomInstructions instructions, int maxChars) {
    this.instructions = instructions;
    this.maxChars = maxChars;
  }

  @GetMapping(path = "/v1/me/custom-instructions", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> get(HttpServletRequest request) {
    Tenant tenant = ApiKeyAuthenticationFilter.principal(request).tenant();
    return wire(instructions.find(tenant.id()).orElse(null));
  }

  @PutMapping(
      path = "/v1/me/custom-instructions",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> put(
      HttpServletRequest request, @RequestBody(required = false) Map<String, Object> body) {
    Tenant tenant = ApiKeyAuthenticationFilter.principal(request).tenant();
    Object value = body == null ? null : body.get("custom_instructions");
    if (value == null) {
      instructions.clear(tenant.id());
      return wire(null);
    }
    if (!(value instanceof String text) || text.length() > maxChars) {
      throw ChatProblems.invalid(
          "invalid_request",
          "custom_instructions",
          "custom_instructions must be a string of at most " + maxChars + " characters, or null.");
    }
    if (text.isBlank()) {
      instructions.clear(tenant.id());
      return wire(null);
    }
    instructions.set(tenant.id(), text);
    return wire(text);
  }

  @DeleteMapping(path = "/v1/me/custom-instructions")
  public ResponseEntity<Void> delete(HttpServletRequest request) {
    instructions.clear(ApiKeyAuthenticationFilter.principal(request).tenant().id());
    return ResponseEntity.noContent().build();
  }

  private static Map<String, Object> wire(String text) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("object", "custom_instructions");
    wire.put("custom_instructions", text);
    return wire;
  }
}
