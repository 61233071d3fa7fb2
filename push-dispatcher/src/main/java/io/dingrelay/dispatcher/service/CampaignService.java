package io.dingrelay.dispatcher.service;

import io.dingrelay.dispatcher.persistence.CampaignStore;
import io.dingrelay.dispatcher.rest.ApiException;
import io.dingrelay.dispatcher.rest.CampaignRequest;
import io.dingrelay.events.ids.CampaignId;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Creating, changing, pausing, resuming and archiving campaigns; every change of content is validated first. */
@ApplicationScoped
public class CampaignService {

    private static final Logger LOG = Logger.getLogger(CampaignService.class);

    private final CampaignStore store;
    private final CampaignValidator validator;

    public CampaignService(CampaignStore store, CampaignValidator validator) {
        this.store = store;
        this.validator = validator;
    }

    public Uni<Campaign> create(CampaignRequest request) {
        if (request.status() != null && !request.status().equals(CampaignStatus.ACTIVE.name())) {
            throw ApiException.badRequest("status", "a new campaign is ACTIVE; pause it afterwards");
        }
        CampaignId id = CampaignId.of("c-" + UUID.randomUUID());
        return validator.validate(id, request, null)
                .chain(store::insert)
                .invoke(c -> LOG.infof("Campaign %s '%s' created: %s, audience of %d groups", c.id().value(), c.name(),
                        c.schedule() == null ? "on demand" : c.schedule().cron() + " " + c.schedule().zone(), c.audienceSize()));
    }

    public Uni<Campaign> get(CampaignId id) {
        return store.find(id).map(c -> c.orElseThrow(() -> ApiException.notFound("campaign " + id.value())));
    }

    public Uni<List<Campaign>> list(int limit) {
        return store.list(limit);
    }

    /**
     * Changes a campaign. {@code status} moves it between ACTIVE and PAUSED, or to ARCHIVED for good; any other field
     * is validated as at creation. An archived campaign cannot be changed.
     */
    public Uni<Campaign> patch(CampaignId id, CampaignRequest request) {
        return get(id).chain(current -> {
            if (current.status() == CampaignStatus.ARCHIVED) {
                throw ApiException.conflict("status", "the campaign is archived and cannot change");
            }
            CampaignStatus next = request.status() == null ? current.status() : status(request.status());
            boolean contentChanged = request.name() != null || request.message() != null || request.vars() != null
                    || request.audience() != null || request.schedule() != null || request.dashboard() != null || request.zone() != null || request.digest() != null;
            Uni<Campaign> validated = contentChanged ? validator.validate(id, request, current) : Uni.createFrom().item(current);
            return validated.chain(c -> store.update(withStatus(c, next), current.status() != CampaignStatus.ACTIVE && next == CampaignStatus.ACTIVE))
                    .invoke(c -> LOG.infof("Campaign %s is %s", c.id().value(), c.status()));
        });
    }

    private static CampaignStatus status(String s) {
        try {
            return CampaignStatus.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status", "must be ACTIVE, PAUSED or ARCHIVED");
        }
    }

    private static Campaign withStatus(Campaign c, CampaignStatus s) {
        return new Campaign(c.id(), c.name(), c.message(), c.vars(), c.zone(), c.audience(), c.schedule(), c.dashboardId(), s,
                c.audienceSize(), c.createdAt(), c.updatedAt(), c.activeSince(), c.digest());
    }
}
