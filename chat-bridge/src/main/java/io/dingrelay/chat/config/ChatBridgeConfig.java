package io.dingrelay.chat.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** chat-bridge's configuration; every property has a default that suits DingTalk and the local stack. */
@ConfigMapping(prefix = "dingrelay.chat")
public interface ChatBridgeConfig {

    /**
     * Longest wait for DingTalk to answer one reply attempt (connect + response). A reply that takes longer is a
     * retryable failure.
     */
    @WithDefault("5s")
    Duration replyTimeout();

    /**
     * A session webhook that expires within this margin is treated as expired: by the time the reply arrives at
     * DingTalk it would be refused anyway, so the reply goes through the OpenAPI.
     */
    @WithDefault("2s")
    Duration sessionExpiryMargin();

    /**
     * Questions longer than this (in characters) are not looked up: the user is asked to shorten them. Keeps
     * one pasted document from costing an LLM call or a slow index query.
     */
    @WithDefault("500")
    int maxQuestionChars();

    /** The time zone whose calendar days check-ins belong to. */
    @WithDefault("Asia/Shanghai")
    java.time.ZoneId checkInZone();

    /** The answerers and their order. */
    Answerers answerers();

    /** How {@code dingtalk.chat-messages} is consumed. */
    Consumer consumer();

    /** De-duplication on msgId, in PostgreSQL so it survives restarts. */
    Dedup dedup();

    /** The FAQ knowledge base. */
    Faq faq();

    /** The generic HTTP NLP endpoint ("forward to NLP"). */
    Nlp nlp();

    /** The OpenAI-compatible chat-completions endpoint. */
    Llm llm();

    /** Sending limits and retries. */
    Delivery delivery();

    /** The {@code 疫情}/status command. */
    Status status();

    interface Answerers {
        /**
         * The answerers tried in order until one answers: {@code commands}, {@code faq}, {@code nlp}, {@code llm},
         * {@code fallback}. An answerer left out is never asked; one listed but switched off is skipped.
         */
        @WithDefault("commands,faq,nlp,llm,fallback")
        List<String> order();

        /** Whether the commands (帮助, 疫情, 打卡, 打卡统计, 订阅, 退订) are answered. */
        @WithDefault("true")
        boolean commandsEnabled();

        /** Whether the FAQ answers. */
        @WithDefault("true")
        boolean faqEnabled();

        /** Whether the polite fallback answers what nobody else could. */
        @WithDefault("true")
        boolean fallbackEnabled();
    }

    interface Consumer {
        /**
         * Messages answered at the same time in this process (one at a time per conversation, in order). Beyond it
         * the consumers take no further record until one finishes. 128 keeps 200 messages/s flowing with replies
         * that take half a second, and bounds what a redelivery after a crash has to skip.
         */
        @WithDefault("128")
        int maxInFlight();
    }

    interface Dedup {
        /**
         * A message claimed by a replica that has not answered it within this time (it crashed) may be answered by
         * whoever sees the redelivered record.
         */
        @WithDefault("30s")
        Duration claimLease();

        /** How long answered message ids are kept; DingTalk does not redeliver a callback after hours. */
        @WithDefault("P7D")
        Duration retention();
    }

    interface Faq {
        /**
         * The lowest confidence (0..1: the share of the question's weighted words found in the best FAQ question)
         * at which an FAQ answer is given; below it the next answerer is asked.
         */
        @WithDefault("0.6")
        double minConfidence();

        /** How many best matches are handed to the LLM as context. */
        @WithDefault("3")
        int contextMatches();

        /**
         * A Solr-format synonyms file ({@code 新冠,新冠肺炎,新型冠状病毒} per line) used instead of the built-in
         * {@code faq-synonyms.txt}.
         */
        Optional<Path> synonymsFile();

        /** How often a replica checks whether another one changed the FAQ (rebuilds its index if so). */
        @WithDefault("10s")
        Duration refreshInterval();

        /** Longest accepted question and answer of a pair, in characters. */
        @WithDefault("2000")
        int maxPairChars();
    }

    interface Nlp {
        /** Off by default: no NLP endpoint is known until an operator configures one. */
        @WithDefault("false")
        boolean enabled();

        /** POST target; it receives {@code {"question","conversationId","senderId","msgId"}}. */
        Optional<URI> url();

        /** JSON pointer of the answer in the endpoint's response. */
        @WithDefault("/answer")
        String answerPointer();

        /** Longest wait for the endpoint; after it the next answerer (usually the fallback) answers. */
        @WithDefault("3s")
        Duration timeout();

        /** Sent as {@code Authorization: Bearer …} when set. */
        Optional<String> token();
    }

    interface Llm {
        /** Off by default: an LLM costs money and sends questions outside. */
        @WithDefault("false")
        boolean enabled();

        /** The OpenAI-compatible base URL, e.g. {@code https://api.openai.com/v1}. */
        Optional<String> baseUrl();

        @WithDefault("gpt-4o-mini")
        String model();

        /** The API key (from the environment, never logged). */
        Optional<String> apiKey();

        /** Longest wait for the completion; after it the next answerer answers. */
        @WithDefault("8s")
        Duration timeout();

        /** The system prompt. */
        @WithDefault("你是钉钉群里的疫情信息助手。请用简洁的中文回答，不超过200字；参考资料里没有的内容请说明不确定，并建议发送「帮助」。")
        String systemPrompt();

        /** Sampling temperature. */
        @WithDefault("0.2")
        double temperature();

        /** Longest answer in tokens. */
        @WithDefault("400")
        int maxTokens();
    }

    interface Delivery {
        /**
         * Replies per conversation per minute. DingTalk publishes no limit for sessionWebhooks; a group robot may
         * post 20 a minute, which also keeps one noisy group from using the whole app budget.
         */
        @WithDefault("20")
        int perConversationPerMinute();

        /** OpenAPI calls per second for one app; DingTalk's standard edition allows 20 (§5.4), less a margin. */
        @WithDefault("18")
        int appQps();

        /** Longest wait for a free token of either bucket before the reply is given up (counted throttled). */
        @WithDefault("3s")
        Duration maxLimitWait();

        /** Attempts per channel for answers DingTalk calls retryable (-1 busy, 5xx, timeouts, throttling). */
        @WithDefault("3")
        int maxAttempts();

        /** First back-off; doubled at each attempt. */
        @WithDefault("200ms")
        Duration backoff();
    }

    interface Status {
        /** The screenshot-worker, which owns the datasets and dashboards. */
        @WithDefault("http://localhost:8085")
        URI screenshotUrl();

        /** The dataset {@code 疫情} reads when none is named. */
        @WithDefault("epidemic")
        String defaultDataset();

        /** Longest wait for the screenshot-worker (figures, and the dashboard image, each). */
        @WithDefault("2s")
        Duration timeout();

        /**
         * The dashboard whose image goes with a dataset's figures, per dataset name
         * ({@code dingrelay.chat.status.dashboards.epidemic=daily}); a dataset without one is answered without image.
         */
        java.util.Map<String, String> dashboards();
    }
}
