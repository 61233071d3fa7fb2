package io.dingrelay.dispatcher.service;

/** ACTIVE campaigns fire; PAUSED ones keep their schedule but skip its slots; ARCHIVED ones never run again. */
public enum CampaignStatus {
    ACTIVE, PAUSED, ARCHIVED
}
