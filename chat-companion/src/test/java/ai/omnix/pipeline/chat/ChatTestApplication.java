package ai.omnix.pipeline.chat;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The chat companion alone, as a chat-only process runs it: no api role, no workers, no JobRunr.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ChatTestApplication {}
