package ai.omnix.pipeline.chat.offline;

import ai.omnix.pipeline.chat.attachment.PageMarkers;
import ai.omnix.pipeline.core.chat.ChatCompletion;
import ai.omnix.pipeline.core.chat.ChatCompletion.FinishReason;
import ai.omnix.pipeline.core.chat.ChatDelta;
import ai.omnix.pipeline.core.chat.ChatListener;
import ai.omnix.pipeline.core.chat.ChatMessage;
import ai.omnix.pipeline.core.chat.ChatProvider;
import ai.omnix.pipeline.core.chat.ChatRequest;
import ai.omnix.pipeline.core.chat.ChatRole;
import ai.omnix.pipeline.core.chat.ChatStream;
import ai.omnix.pipeline.core.chat.ChatUsage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code offline-chat}: a deterministic model for the quick start, tests and benchmarks. The same
 * conversation always gets the same reply: it quotes the newest user message, counts the messages
 * and images, and fills up to {@code replyTokens} words chosen by a seed taken from the whole
 * conversation. One word is one token. Tokens are paced by one shared timer (no thread per stream)
 * at {@code tokensPerSecond}; 0 delivers the whole reply at once. No key, no network.
 */
public final class OfflineChatProvider implements ChatProvider {
  public static final String NAME = "offline";
  private static final int QUOTED_WORDS = 24;
  private static final int CITED_ASSETS = 2;
  private static final int CITED_WORDS = 6;
  private static final String[] VOCABULARY = {
    "the",
    "pipeline",
    "streams",
    "every",
    "token",
    "as",
    "soon",
    "as",
    "it",
    "is",
    "ready",
    "and",
    "keeps",
    "the",
    "whole",
    "history",
    "so",
    "switching",
    "models",
    "loses",
    "nothing",
    "of",
    "what",
    "was",
    "said",
    "before",
    "while",
    "credits",
    "follow",
    "each",
    "message",
    "across",
    "tenants",
    "plans",
    "documents",
    "and",
    "images",
    "in",
    "a",
    "deterministic",
    "way",
    "that",
    "tests",
    "can",
    "rely",
    "on",
    "without",
    "keys",
    "or",
    "network"
  };

  private final ScheduledExecutorService timer;
  private final AtomicInteger active = new AtomicInteger();
  private final double tokensPerSecond;
  private final int replyTokens;

  /**
   * @param timer the shared timer every offline stream is paced by
   * @param tokensPerSecond how fast tokens come; 0 for the whole reply at once
   * @param replyTokens how long a reply is (at most the request's {@code maxTokens})
   */
  public OfflineChatProvider(
      ScheduledExecutorService timer, double tokensPerSecond, int replyTokens) {
    if (tokensPerSecond < 0 || replyTokens < 1) {
      throw new IllegalArgumentException("tokensPerSecond >= 0 and replyTokens >= 1 required");
    }
    this.timer = timer;
    this.tokensPerSecond = tokensPerSecond;
    this.replyTokens = replyTokens;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ChatStream start(ChatRequest request, ChatListener listener) {
    List<String> words = reply(request.messages(), replyTokens);
    FinishReason finish = FinishReason.STOP;
    if (words.size() > request.maxTokens()) {
      words = words.subList(0, request.maxTokens());
      finish = FinishReason.LENGTH;
    }
    Generation generation = new Generation(words, listener, request.promptTokens(), finish, active);
    active.incrementAndGet();
    if (tokensPerSecond == 0) {
      generation.attach(timer.schedule(generation::emitAll, 0, TimeUnit.NANOSECONDS));
    } else {
      long period = Math.max(1, Math.round(1_000_000_000L / tokensPerSecond));
      generation.attach(
          timer.scheduleAtFixedRate(generation::emitOne, 0, period, TimeUnit.NANOSECONDS));
    }
    return generation;
  }

  /** Replies being generated now: a cancelled or finished one stops counting at once. */
  public int activeGenerations() {
    return active.get();
  }

  /** The reply's tokens (words, each after the first with its leading space). */
  static List<String> reply(List<ChatMessage> messages, int replyTokens) {
    ChatMessage newest = null;
    long images = 0;
    long seed = 0xcbf29ce484222325L;
    for (ChatMessage message : messages) {
      if (message.role() == ChatRole.USER) {
        newest = message;
      }
      images += message.imageCount();
      for (byte b :
          (message.role().wireName() + ":" + message.text() + "\n")
              .getBytes(StandardCharsets.UTF_8)) {
        seed = (seed ^ b) * 0x100000001b3L;
      }
    }
    List<String> words = new ArrayList<>();
    for (String w :
        ("This is offline-chat, a deterministic offline model (no provider was called).")
            .split(" ")) {
      words.add(w);
    }
    words.addAll(citing(messages));
    words.add("You");
    words.add("said:");
    String[] said = newest == null ? new String[0] : newest.text().trim().split("\\s+");
    int quoted = 0;
    for (String w : said) {
      if (!w.isEmpty() && quoted < QUOTED_WORDS) {
        words.add((quoted == 0 ? "\u201c" : "") + w);
        quoted++;
      }
    }
    if (quoted == 0) {
      words.add("\u201c\u201d.");
    } else {
      int last = words.size() - 1;
      words.set(last, words.get(last) + (said.length > QUOTED_WORDS ? "\u2026\u201d." : "\u201d."));
    }
    words.add("The");
    words.add("conversation");
    words.add("has");
    words.add(String.valueOf(messages.size()));
    words.add(messages.size() == 1 ? "message" : "messages");
    if (images > 0) {
      words.add("and");
      words.add(String.valueOf(images));
      words.add(images == 1 ? "image." : "images.");
    } else {
      int last = words.size() - 1;
      words.set(last, words.get(last) + ".");
    }
    SplittableRandom random = new SplittableRandom(seed);
    while (words.size() < replyTokens) {
      words.add(VOCABULARY[random.nextInt(VOCABULARY.length)]);
    }
    List<String> tokens = new ArrayList<>(replyTokens);
    for (int i = 0; i < replyTokens; i++) {
      tokens.add(i == 0 ? words.get(i) : " " + words.get(i));
    }
    return tokens;
  }

  /**
   * When the prompt carries documents' page markers: for each of the first {@value #CITED_ASSETS}
   * assets, its first page's marker and the first words of that page, so a reply's citations are
   * deterministic ({@code From [asset ast_… page 1]: “Quarterly results …”.}).
   */
  static List<String> citing(List<ChatMessage> messages) {
    List<String> words = new ArrayList<>();
    java.util.Set<String> assets = new java.util.HashSet<>();
    for (ChatMessage message : messages) {
      if (message.role() != ChatRole.SYSTEM) {
        continue;
      }
      String system = message.text();
      for (PageMarkers.Citation page : PageMarkers.find(system)) {
        if (assets.size() >= CITED_ASSETS || !assets.add(page.assetId())) {
          continue;
        }
        String marker = PageMarkers.marker(page.assetId(), page.page());
        int at = system.indexOf(marker) + marker.length();
        int next = system.indexOf("[asset ", at);
        String[] quoted =
            system.substring(at, next < 0 ? system.length() : next).trim().split("\\s+");
        words.add("From");
        String[] markerWords = marker.split(" ");
        for (int i = 0; i < markerWords.length; i++) {
          words.add(markerWords[i] + (i == markerWords.length - 1 ? ":" : ""));
        }
        int n = 0;
        for (String w : quoted) {
          if (!w.isEmpty() && n < CITED_WORDS) {
            words.add((n == 0 ? "\u201c" : "") + w);
            n++;
          }
        }
        if (n > 0) {
          int last = words.size() - 1;
          words.set(last, words.get(last) + "\u201d.");
        }
      }
    }
    return words;
  }

  /** One reply being paced out; its monitor serialises ticks and cancel. */
  private static final class Generation implements ChatStream {
    private final List<String> tokens;
    private final ChatListener listener;
    private final int promptTokens;
    private final FinishReason finish;
    private final AtomicInteger active;
    private int next;
    private boolean done;
    private ScheduledFuture<?> future;

    Generation(
        List<String> tokens,
        ChatListener listener,
        int promptTokens,
        FinishReason finish,
        AtomicInteger active) {
      this.active = active;
      this.tokens = tokens;
      this.listener = listener;
      this.promptTokens = promptTokens;
      this.finish = finish;
    }

    synchronized void attach(ScheduledFuture<?> future) {
      this.future = future;
      if (done) {
        future.cancel(false);
      }
    }

    synchronized void emitOne() {
      if (done) {
        return;
      }
      if (next < tokens.size()) {
        listener.onDelta(new ChatDelta(tokens.get(next++), 1));
      }
      if (next >= tokens.size() && !done) {
        finish();
      }
    }

    synchronized void emitAll() {
      while (!done && next < tokens.size()) {
        listener.onDelta(new ChatDelta(tokens.get(next++), 1));
      }
      if (!done) {
        finish();
      }
    }

    private void finish() {
      stop();
      listener.onComplete(new ChatCompletion(new ChatUsage(promptTokens, next), finish));
    }

    private void stop() {
      if (!done) {
        done = true;
        active.decrementAndGet();
      }
      if (future != null) {
        future.cancel(false);
      }
    }

    @Override
    public synchronized void cancel() {
      stop();
    }
  }
}
