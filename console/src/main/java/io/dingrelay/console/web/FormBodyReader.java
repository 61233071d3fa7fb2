package io.dingrelay.console.web;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Reads the console's URL-encoded forms as a {@link FormBody}, instead of {@code @RestForm} parameters.
 *
 * <p>Why: RESTEasy Reactive decodes a URL-encoded body larger than one network chunk while it streams in, on the
 * event loop and outside the request's handler chain. A broken {@code %} there never reaches an exception mapper: the
 * browser (or the drill's fuzzer) got a 500, and the session filter then failed on an inactive request context. A
 * body read whole and decoded here fails inside the chain, as a 400 saying what was wrong, whatever its size.
 * Nothing was done: the page's action has not started.
 */
@Provider
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class FormBodyReader implements MessageBodyReader<FormBody> {

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == FormBody.class;
    }

    @Override
    public FormBody readFrom(Class<FormBody> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        // Browsers send the pages' forms as UTF-8 (the pages declare it): raw bytes and %XX escapes alike.
        String body = new String(entityStream.readAllBytes(), StandardCharsets.UTF_8);
        try {
            return FormBody.parse(body);
        } catch (IllegalArgumentException e) {
            throw new WebApplicationException(e.getMessage(), e, Response.status(400)
                    .type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                    .entity("The form was not valid: " + e.getMessage() + "; nothing was done.").build());
        }
    }
}
