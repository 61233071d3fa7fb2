package io.dingrelay.registry.service;

/** No group with this id: 404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String id) {
        super("no group " + id);
    }
}
