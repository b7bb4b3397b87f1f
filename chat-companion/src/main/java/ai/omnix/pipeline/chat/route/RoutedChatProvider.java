package ai.omnix.pipeline.chat.route;

import ai.omnix.pipeline.core.chat.ChatCompletion;
import ai.omnix.pipeline.core.chat.ChatDelta;
import ai.omnix.pipeline.core.chat.ChatListener;
import ai.omnix.pipeline.core.chat.ChatProvider;
import ai.omnix.pipeline.core.chat.ChatProviderException;
import ai.omnix.pipeline.core.chat.ChatRequest;
import ai.omnix.pipeline.core.chat.ChatStream;
import ai.omnix.pipeline.providers.guard.ProviderGuards;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One chat model served by several endpoints in order (say {@code openai}, then {@code openai-2}),
 * failing over as {@link Failover} decides. Guarded endpoints (the real providers) go through the
 * generation router's {@link ProviderGuards}: the same circuit per endpoint key ({@code
 * provider/model}) and the same rate-limit bucket per provider, so chat and generation traffic to
 * one provider count together. The guards' call slots are not taken: they size synchronous image
 * calls, and a chat stream lives for minutes; chat concurrency is held by the tenants' stream
 * limits instead. Unguarded endpoints (the offline model, test doubles) are simply called.
 * Thread-safe; one instance per model and request is cheap.
 */
public final class RoutedChatProvider implements ChatProvider {

  /**
   * An endpoint of the model.
   *
   * @param guarded whether the call passes the provider guards
   */
  public record Route(ChatProvider provider, String providerModel, boolean guarded) {
    public Route {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(providerModel, "providerModel");
    }

    /** The circuit's key, as the generation router spells endpoint keys. */
    public String key() {
      return provider.name() + "/" + providerModel;
    }
  }

  private static final Duration NOW = Duration.ofMillis(1);

  private final String name;
  private final List<Route> routes;
  private final ProviderGuards guards;

  /**
   * @param name the model's id, for logs
   * @param routes in the order to try them; at least one
   */
  public RoutedChatProvider(String name, List<Route> routes, ProviderGuards guards) {
    this.name = name;
    this.routes = List.copyOf(routes);
    if (this.routes.isEmpty()) {
      throw new IllegalArgumentException("a routed model needs an endpoint");
    }
    this.guards = guards;
  }

  @Override
  public String name() {
    return name;
  }

  public List<Route> routes() {
    return routes;
  }

  @Override
  public ChatStream start(ChatRequest request, ChatListener listener) {
    Routing routing = new Routing(request, listener);
    routing.next(null);
    return routing;
  }

  /** One reply across its attempts. */
  private final class Routing implements ChatStream {
    private final ChatRequest request;
    private final ChatListener listener;
    private final List<Failover.Skip> skips = new ArrayList<>();
    private int index;
    private boolean cancelled;
    private boolean delivered;
    private ChatStream current;
    private Attempt currentAttempt;

    Routing(ChatRequest request, ChatListener listener) {
      this.request = request;
      this.listener = listener;
    }

    /** Starts the next endpoint that its guards let through, or ends with {@code last}. */
    void next(ChatProviderException last) {
      while (true) {
        Route route;
        synchronized (this) {
          if (cancelled) {
            return;
          }
          if (index >= routes.size()) {
            break;
          }
          route = routes.get(index++);
        }
        Attempt attempt = new Attempt(route);
        Failover.Skip skip = attempt.enter();
        if (skip != null) {
          synchronized (this) {
            skips.add(skip);
          }
          continue;
        }
        ChatStream started;
        try {
          started =
              route
                  .provider()
                  .start(
                      new ChatRequest(
                          route.providerModel(),
                          request.messages(),
                          request.temperature(),
                          request.maxTokens(),
                          request.promptTokens()),
                      attempt);
        } catch (RuntimeException e) {
          attempt.onError(
              new ChatProviderException(
                  ChatProviderException.Kind.UNAVAILABLE,
                  route.key() + " failed to start",
                  null,
                  false,
                  e));
          return;
        }
        boolean cancelNow;
        synchronized (this) {
          if (!attempt.finished) {
            current = started;
            currentAttempt = attempt;
          }
          cancelNow = cancelled;
        }
        if (cancelNow) {
          started.cancel();
          attempt.abandon();
        }
        return;
      }
      ChatProviderException error = last;
      if (error == null) {
        List<Failover.Skip> why;
        synchronized (this) {
          why = List.copyOf(skips);
        }
        error =
            new ChatProviderException(
                Failover.whenAllSkipped(why),
                name + ": no endpoint could take the request now " + why,
                false);
      }
      listener.onError(error);
    }

    @Override
    public void cancel() {
      ChatStream stream;
      Attempt attempt;
      synchronized (this) {
        cancelled = true;
        stream = current;
        attempt = currentAttempt;
      }
      if (stream != null) {
        stream.cancel();
      }
      if (attempt != null) {
        attempt.abandon(); // no callback follows a cancel: give the guards back here
      }
    }

    /** One endpoint's try: its guards going in, its health coming out. */
    private final class Attempt implements ChatListener {
      private final Route route;
      private CircuitBreaker circuit;
      private long startedNanos;
      private boolean inCall;
      volatile boolean finished;

      Attempt(Route route) {
        this.route = route;
      }

      /** Takes the guards; the reason when the endpoint must be skipped. */
      synchronized Failover.Skip enter() {
        if (!route.guarded() || guards == null) {
          return null;
        }
        circuit = guards.circuit(route.key());
        if (!circuit.tryAcquirePermission()) {
          return Failover.Skip.CIRCUIT_OPEN;
        }
        // a token now (Bucket4j refuses a zero wait; a millisecond is "now" for a chat)
        if (guards.reserveSubmit(route.provider().name(), NOW).isEmpty()) {
          circuit.releasePermission();
          return Failover.Skip.RATE_LIMITED;
        }
        inCall = true;
        startedNanos = System.nanoTime();
        return null;
      }

      /** A cancelled call says nothing about the endpoint's health. */
      synchronized void abandon() {
        finished = true;
        if (inCall) {
          inCall = false;
          circuit.releasePermission();
        }
      }

      private synchronized void leave(ChatProviderException error) {
        finished = true;
        if (!inCall) {
          return;
        }
        inCall = false;
        long took = System.nanoTime() - startedNanos;
        if (error == null) {
          circuit.onSuccess(took, TimeUnit.NANOSECONDS);
        } else if (Failover.againstEndpoint(error.kind())) {
          circuit.onError(took, TimeUnit.NANOSECONDS, error);
        } else {
          circuit.releasePermission();
        }
      }

      @Override
      public void onDelta(ChatDelta delta) {
        synchronized (Routing.this) {
          delivered = true;
        }
        listener.onDelta(delta);
      }

      @Override
      public void onComplete(ChatCompletion completion) {
        leave(null);
        listener.onComplete(completion);
      }

      @Override
      public void onError(ChatProviderException error) {
        leave(error);
        boolean afterFirstToken;
        boolean left;
        synchronized (Routing.this) {
          afterFirstToken = delivered || error.afterFirstDelta();
          left = index < routes.size();
          current = null;
          currentAttempt = null;
        }
        if (Failover.afterFailure(error.kind(), afterFirstToken, left)
            == Failover.Decision.NEXT_ENDPOINT) {
          next(error);
        } else {
          listener.onError(
              afterFirstToken && !error.afterFirstDelta()
                  ? new ChatProviderException(
                      error.kind(),
                      error.getMessage(),
                      error.retryAfter().orElse(null),
                      true,
                      error)
                  : error);
        }
      }
    }
  }
}
