package ai.omnix.pipeline.chat.conversation.jdbc;

import ai.omnix.pipeline.core.chat.CustomInstructions;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Custom instructions in {@code chat_custom_instructions}, one row per tenant. */
public final class JdbcCustomInstructions implements CustomInstructions {
  private final JdbcClient jdbc;
  private final Clock clock;

  public JdbcCustomInstructions(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  public Optional<String> find(TenantId tenant) {
    return jdbc.sql("select instructions from chat_custom_instructions where tenant_id = ?")
        .param(tenant.value())
        .query(String.class)
        .optional();
  }

  @Override
  public void set(TenantId tenant, String instructions) {
    jdbc.sql(
            """
        insert into chat_custom_instructions (tenant_id, instructions, updated_at) values (?, ?, ?)
        on conflict (tenant_id) do update set instructions = excluded.instructions,
          updated_at = excluded.updated_at""")
        .params(tenant.value(), instructions, Timestamp.from(clock.instant()))
        .update();
  }

  @Override
  public void clear(TenantId tenant) {
    jdbc.sql("delete from chat_custom_instructions where tenant_id = ?")
        .param(tenant.value())
        .update();
  }
}
