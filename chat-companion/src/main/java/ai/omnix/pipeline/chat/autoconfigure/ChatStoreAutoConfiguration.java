package ai.omnix.pipeline.chat.autoconfigure;

import ai.omnix.pipeline.chat.conversation.ConversationStore;
import ai.omnix.pipeline.chat.conversation.jdbc.JdbcConversationStore;
import ai.omnix.pipeline.chat.conversation.jdbc.JdbcCustomInstructions;
import ai.omnix.pipeline.core.chat.CustomInstructions;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Conversations and custom instructions over the application's database, in every role: the API
 * shows a tenant's custom instructions in {@code /v1/me} even where no chat role runs, and the
 * data-lifecycle runs will reach conversations from the scheduler.
 */
@AutoConfiguration(afterName = "ai.omnix.pipeline.store.autoconfigure.JobStoreAutoConfiguration")
public class ChatStoreAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  ConversationStore conversationStore(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
    return new JdbcConversationStore(jdbc, tx, clock);
  }

  @Bean
  @ConditionalOnMissingBean
  CustomInstructions customInstructions(JdbcClient jdbc, Clock clock) {
    return new JdbcCustomInstructions(jdbc, clock);
  }
}
