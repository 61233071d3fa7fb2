package io.dingrelay.simulator.fault;

/** What to do to one request, decided by {@link FaultInjector#decide}. */
public enum FaultAction { NONE, DROP, TIMEOUT, ERROR, THROTTLE }
