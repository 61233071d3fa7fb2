package io.dingrelay.dispatcher.service;

import java.time.Duration;

/**
 * When a scheduled campaign fires: a Quartz cron ({@code 0 0 9,17 * * ?}) read in an IANA zone, sends spread over
 * {@code stagger} after each fire time, and the missed-fire grace: a slot found less than {@code grace} late (all
 * replicas were down) still runs once, a later one is recorded as MISSED.
 */
public record Schedule(String cron, String zone, Duration stagger, Duration grace) {
}
