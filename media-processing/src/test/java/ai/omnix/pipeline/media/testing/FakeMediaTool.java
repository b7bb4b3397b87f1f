package ai.omnix.pipeline.media.testing;

import ai.omnix.pipeline.media.MediaTool;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every invocation and answers what the test scripted, without running any process. */
public final class FakeMediaTool implements MediaTool {
  /** The scripted answer to one invocation. */
  @FunctionalInterface
  public interface Script {
    Outcome answer(Invocation invocation) throws IOException;
  }

  private final Script script;
  private final List<Invocation> invocations = new CopyOnWriteArrayList<>();

  public FakeMediaTool(Script script) {
    this.script = script;
  }

  @Override
  public Outcome run(Invocation invocation) throws IOException {
    invocations.add(invocation);
    return script.answer(invocation);
  }

  public List<Invocation> invocations() {
    return List.copyOf(invocations);
  }
}
