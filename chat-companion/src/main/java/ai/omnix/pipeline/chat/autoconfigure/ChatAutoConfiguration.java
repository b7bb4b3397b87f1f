package ai.omnix.pipeline.chat.autoconfigure;

import ai.omnix.pipeline.api.autoconfigure.ApiAuthenticationConfiguration;
import ai.omnix.pipeline.api.jobs.JobSubmissionService;
import ai.omnix.pipeline.api.jobs.ModelsController;
import ai.omnix.pipeline.api.problem.ProblemAdvice;
import ai.omnix.pipeline.billing.plan.ChargeGate;
import ai.omnix.pipeline.billing.plan.TenantBilling;
import ai.omnix.pipeline.chat.api.ChatCompletionsController;
import ai.omnix.pipeline.chat.api.ChatService;
import ai.omnix.pipeline.chat.api.ConversationsController;
import ai.omnix.pipeline.chat.api.CustomInstructionsController;
import ai.omnix.pipeline.chat.api.OpenAiErrorFilter;
import ai.omnix.pipeline.chat.attachment.ChatAttachments;
import ai.omnix.pipeline.chat.billing.ChatBilling;
import ai.omnix.pipeline.chat.catalog.ChatModelCatalog;
import ai.omnix.pipeline.chat.catalog.ChatModelDirectory;
import ai.omnix.pipeline.chat.conversation.ConversationStore;
import ai.omnix.pipeline.chat.limits.ConcurrentStreams;
import ai.omnix.pipeline.chat.offline.OfflineChatProvider;
import ai.omnix.pipeline.core.admission.AdmissionPolicy;
import ai.omnix.pipeline.core.admission.PlanLimitsAdmissionPolicy;
import ai.omnix.pipeline.core.admission.RunnableTypeAdmissionPolicy;
import ai.omnix.pipeline.core.billing.ledger.CreditLedger;
import ai.omnix.pipeline.core.billing.plan.AllowanceCounters;
import ai.omnix.pipeline.core.chat.ChatProvider;
import ai.omnix.pipeline.core.chat.CustomInstructions;
import ai.omnix.pipeline.core.job.type.JobTypeRegistry;
import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.core.provider.RateLimiter;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.providers.guard.LocalRateLimiter;
import ai.omnix.pipeline.providers.guard.ProviderGuards;
import ai.omnix.pipeline.store.asset.AssetRepository;
import ai.omnix.pipeline.store.job.JobQueries;
import ai.omnix.pipeline.store.job.JobSubmissions;
import ai.omnix.pipeline.store.worker.WorkerJobTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The chat role ({@code omnix.chat.enabled=true}): the OpenAI-compatible endpoint, conversations,
 * the offline model. It brings the API's authentication, problem answers and model list with it
 * (the same classes the api role imports, registered once when both run), so a chat-only process
 * authenticates and answers exactly as the API does.
 */
@AutoConfiguration(
    afterName = {
      "ai.omnix.pipeline.store.autoconfigure.JobStoreAutoConfiguration",
      "ai.omnix.pipeline.api.autoconfigure.ApiAutoConfiguration",
      "ai.omnix.pipeline.generation.autoconfigure.GenerationAutoConfiguration",
      "ai.omnix.pipeline.billing.autoconfigure.BillingAutoConfiguration",
      "ai.omnix.pipeline.workers.autoconfigure.JobTypesAutoConfiguration"
    },
    after = ChatStoreAutoConfiguration.class)
@EnableConfigurationProperties(ChatProperties.class)
@ConditionalOnProperty(name = "omnix.chat.enabled", havingValue = "true", matchIfMissing = true)
@Import({ApiAuthenticationConfiguration.class, ModelsController.class, ProblemAdvice.class})
public class ChatAutoConfiguration {

  @Bean
  ChatModelCatalog chatModelCatalog(ChatProperties properties) {
    if (properties.catalog() == null || properties.catalog().isBlank()) {
      return ChatModelCatalog.bundled();
    }
    try (InputStream in = Files.newInputStream(Path.of(properties.catalog()))) {
      return ChatModelCatalog.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the chat catalog " + properties.catalog() + " (omnix.chat.catalog)", e);
    }
  }

  /** Paces every offline stream and sends heartbeats: a timer, never a thread per stream. */
  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService chatTimer(ChatProperties properties) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newScheduledThreadPool(
        Math.max(1, properties.offline().timerThreads()),
        r -> {
          Thread thread = new Thread(r, "chat-timer-" + n.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /** Cancels upstream requests and stores finished replies, off the I/O and timer threads. */
  @Bean(destroyMethod = "shutdown")
  ExecutorService chatControl(ChatProperties properties) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        Math.max(1, properties.controlThreads()),
        r -> {
          Thread thread = new Thread(r, "chat-control-" + n.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  @Bean
  @ConditionalOnProperty(
      name = "omnix.chat.offline.enabled",
      havingValue = "true",
      matchIfMissing = true)
  OfflineChatProvider offlineChatProvider(
      ScheduledExecutorService chatTimer, ChatProperties properties) {
    return new OfflineChatProvider(
        chatTimer, properties.offline().tokensPerSecond(), properties.offline().replyTokens());
  }

  /**
   * Read the real providers' streams: the provider transport is blocking, so a thread per reply in
   * flight (see HttpChatProvider).
   */
  @Bean(destroyMethod = "shutdownNow")
  ExecutorService chatProviderReaders() {
    AtomicInteger n = new AtomicInteger();
    return Executors.newCachedThreadPool(
        r -> {
          Thread thread = new Thread(r, "chat-provider-" + n.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  @Bean(destroyMethod = "close")
  HttpChatEndpoints httpChatEndpoints(
      ChatProperties properties,
      ObjectProvider<OutboundAddressPolicy> outbound,
      Clock clock,
      ExecutorService chatProviderReaders) {
    HttpChatEndpoints endpoints =
        HttpChatEndpoints.configure(
            properties.providers(),
            outbound.getIfAvailable(OutboundAddressPolicy::strict),
            properties.maxStreamDuration().plusSeconds(30),
            clock,
            chatProviderReaders);
    LoggerFactory.getLogger(ChatAutoConfiguration.class)
        .info(
            "chat provider endpoints on: {}",
            endpoints.providers().stream().map(p -> p.name()).toList());
    return endpoints;
  }

  /**
   * The generation router's guards when generation runs in this process (circuits and rate limits
   * shared), else guards of the chat's own with the default limits and the store's rate limiter.
   */
  @Bean
  @ConditionalOnMissingBean
  ProviderGuards chatProviderGuards(Clock clock, ObjectProvider<RateLimiter> rateLimiter) {
    return new ProviderGuards(
        Map.of(),
        ProviderGuards.CircuitSettings.DEFAULT,
        clock,
        rateLimiter.getIfAvailable(() -> new LocalRateLimiter(clock)));
  }

  /** Each message through billing's gate: the plan's allowance, then the credit ledger. */
  @Bean
  ChatBilling chatBilling(
      CreditLedger ledger, AllowanceCounters allowances, TenantBilling tenants, Clock clock) {
    return new ChatBilling(new ChargeGate(allowances, ledger, clock), ledger, tenants, clock);
  }

  @Bean
  ConcurrentStreams concurrentStreams() {
    return new ConcurrentStreams();
  }

  @Bean
  ChatService chatService(
      ChatModelCatalog catalog,
      List<ChatProvider> providers,
      HttpChatEndpoints httpChatEndpoints,
      ProviderGuards guards,
      ChatBilling chatBilling,
      ConcurrentStreams streams,
      ChatProperties properties,
      ExecutorService chatControl,
      ScheduledExecutorService chatTimer,
      Clock clock) {
    if (catalog.find(properties.defaultModel()).isEmpty()) {
      throw new IllegalStateException(
          "omnix.chat.default-model '"
              + properties.defaultModel()
              + "' is not in the chat catalog; set it to one of "
              + catalog.all().stream().map(m -> m.id()).toList());
    }
    return new ChatService(
        catalog,
        all(providers, httpChatEndpoints),
        guards,
        chatBilling,
        streams,
        new ChatService.Settings(
            properties.limits(),
            properties.streamLimits(),
            properties.heartbeatInterval(),
            properties.maxStreamDuration(),
            properties.maxBufferedBytes()),
        chatControl,
        chatTimer,
        clock);
  }

  @Bean
  ChatModelDirectory chatModelDirectory(
      ChatModelCatalog catalog, List<ChatProvider> providers, HttpChatEndpoints httpChatEndpoints) {
    return new ChatModelDirectory(
        catalog,
        all(providers, httpChatEndpoints).stream()
            .map(ChatProvider::name)
            .collect(Collectors.toSet()));
  }

  private static List<ChatProvider> all(List<ChatProvider> beans, HttpChatEndpoints http) {
    List<ChatProvider> all = new java.util.ArrayList<>(beans);
    all.addAll(http.providers());
    return all;
  }

  @Bean
  ChatCompletionsController chatCompletionsController(ChatService chat) {
    return new ChatCompletionsController(chat);
  }

  /**
   * Reads attachments. Extractions are submitted through the API's submission service (admission,
   * plan limits and billing's escrow as for any job); in a process without the api role the same
   * service is built here from the job-type registry, with the plan-limit and runnable-type
   * policies the api role would add. Without a registry (no job types in this process) documents
   * are refused.
   */
  @Bean
  ChatAttachments chatAttachments(
      AssetRepository assets,
      JobQueries jobs,
      JobSubmissions jobInserts,
      JdbcClient jdbc,
      ObjectProvider<JobSubmissionService> submissionService,
      ObjectProvider<JobTypeRegistry> registry,
      ObjectProvider<AdmissionPolicy> admission,
      ObjectProvider<OutboundAddressPolicy> outbound,
      ObjectProvider<WorkerJobTypes> workerTypes,
      ObjectProvider<BlobStore> blobs,
      ChatProperties properties) {
    Supplier<JobSubmissionService> submissions =
        new Supplier<>() {
          private volatile JobSubmissionService service;

          @Override
          public JobSubmissionService get() {
            JobSubmissionService s = service;
            if (s == null) {
              s = submissionService.getIfAvailable();
              JobTypeRegistry types = registry.getIfAvailable();
              if (s == null && types != null) {
                List<AdmissionPolicy> policies =
                    new java.util.ArrayList<>(admission.orderedStream().toList());
                policies.add(new PlanLimitsAdmissionPolicy(jobs::unfinishedJobs));
                WorkerJobTypes live = workerTypes.getIfAvailable();
                if (live != null) {
                  policies.add(new RunnableTypeAdmissionPolicy(live.cached(Duration.ofSeconds(5))));
                }
                s =
                    new JobSubmissionService(
                        types,
                        policies,
                        jobInserts,
                        outbound.getIfAvailable(OutboundAddressPolicy::strict),
                        assets);
              }
              service = s;
            }
            return s;
          }
        };
    ChatProperties.Attachments a = properties.attachments();
    return new ChatAttachments(
        assets,
        jobs,
        jdbc,
        submissions,
        blobs::getIfAvailable,
        new ChatAttachments.Settings(
            a.waitTimeout(), a.pollInterval(), a.maxImageBytes(), a.maxTextBytes()));
  }

  @Bean
  ConversationsController conversationsController(
      ChatService chat,
      ConversationStore conversations,
      CustomInstructions instructions,
      ChatProperties properties,
      ChatAttachments chatAttachments) {
    return new ConversationsController(
        chat,
        conversations,
        instructions,
        properties.defaultModel(),
        chatAttachments,
        properties.attachments().maxChars());
  }

  @Bean
  CustomInstructionsController customInstructionsController(
      CustomInstructions instructions, ChatProperties properties) {
    return new CustomInstructionsController(
        instructions, properties.limits().maxInstructionsChars());
  }

  @Bean
  FilterRegistrationBean<OpenAiErrorFilter> openAiErrorFilter() {
    var registration = new FilterRegistrationBean<>(new OpenAiErrorFilter());
    registration.addUrlPatterns("/v1/chat/*");
    // before the body limit (+10) and the authentication (+20): their refusals are rewritten too
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
    return registration;
  }

  /** Replies left streaming by a process that died are marked interrupted once they are stale. */
  @Bean
  ApplicationListener<ApplicationReadyEvent> staleReplySweep(
      ConversationStore conversations,
      ScheduledExecutorService chatTimer,
      ExecutorService chatControl,
      ChatProperties properties,
      Clock clock) {
    return event ->
        chatTimer.scheduleWithFixedDelay(
            () ->
                chatControl.execute(
                    () -> {
                      try {
                        conversations.interruptStale(
                            clock.instant().minus(properties.maxStreamDuration()).minusSeconds(60));
                      } catch (RuntimeException e) {
                        LoggerFactory.getLogger(ChatAutoConfiguration.class)
                            .warn("marking stale chat replies failed", e);
                      }
                    }),
            1,
            60,
            TimeUnit.SECONDS);
  }
}
