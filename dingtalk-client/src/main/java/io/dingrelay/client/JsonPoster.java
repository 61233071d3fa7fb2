package io.dingrelay.client;

import io.dingrelay.protocol.answer.AnswerClassifier;
import io.dingrelay.protocol.answer.Classification;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The one place that POSTs a JSON body to DingTalk and reads the answer: every answer and every transport failure
 * becomes a {@link Classification} of the protocol library's {@link AnswerClassifier}, with credentials in the
 * URL masked out of its message.
 */
final class JsonPoster {

    static final String CONTENT_TYPE = "application/json;charset=utf-8";

    private final WebClient client;
    private final long timeoutMillis;
    private final AnswerClassifier classifier;

    JsonPoster(WebClient client, long timeoutMillis, AnswerClassifier classifier) {
        this.client = client;
        this.timeoutMillis = timeoutMillis;
        this.classifier = classifier;
    }

    /** POSTs and answers the raw response; fails on transport errors (the caller classifies them). */
    Uni<HttpResponse<Buffer>> post(String absoluteUrl, Buffer body, String headerName, String headerValue) {
        HttpRequest<Buffer> request = client.postAbs(absoluteUrl)
                .timeout(timeoutMillis)
                .putHeader("Content-Type", CONTENT_TYPE);
        if (headerName != null) {
            request.putHeader(headerName, headerValue);
        }
        return request.sendBuffer(body);
    }

    /** POSTs and classifies; never fails. */
    Uni<Classification> postAndClassify(String absoluteUrl, Buffer body) {
        return post(absoluteUrl, body, null, null)
                .map(this::classify)
                .onFailure().recoverWithItem(failure -> Redaction.scrub(classifier.classifyFailure(failure), absoluteUrl));
    }

    Classification classify(HttpResponse<Buffer> response) {
        return classifier.classify(response.statusCode(), response.getHeader("Content-Type"), response.bodyAsString());
    }

    AnswerClassifier classifier() {
        return classifier;
    }
}
