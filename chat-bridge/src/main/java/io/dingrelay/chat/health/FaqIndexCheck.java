package io.dingrelay.chat.health;

import io.dingrelay.chat.service.FaqService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the FAQ index has been built from the database. */
@Readiness
@ApplicationScoped
public class FaqIndexCheck implements HealthCheck {

    private final FaqService faq;

    public FaqIndexCheck(FaqService faq) {
        this.faq = faq;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("FAQ index").status(faq.ready()).build();
    }
}
