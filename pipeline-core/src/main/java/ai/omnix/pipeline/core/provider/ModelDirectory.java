package ai.omnix.pipeline.core.provider;

import java.util.List;
import java.util.Map;

/**
 * The AI models tenants can ask generation jobs for, as the API lists them: JSON-ready maps (id,
 * capabilities, prices, which providers serve each and whether they are available here).
 * Thread-safe.
 */
public interface ModelDirectory {

  List<Map<String, Object>> models();
}
