package io.dingrelay.simulator.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/** 404 with a JSON body naming what was not found. */
public class NotFoundException extends WebApplicationException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(String what) {
        super(Response.status(404).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", what + " not found")).build());
    }
}
