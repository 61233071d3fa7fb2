package io.dingrelay.console.web;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the console's multipart forms (the imports) as a {@link MultipartBody}, instead of {@code @RestForm}
 * parameters.
 *
 * <p>Why: RESTEasy Reactive parses a multipart body while it streams in; a body that does not match its boundary
 * ({@code boundary=nope}, the drill's fuzzer sent them) ends that parser with an IOException, which RESTEasy takes for
 * a client gone away: no exception mapper runs and the browser got a 500. Here the body (bounded by
 * {@code quarkus.http.limits.max-body-size}) is read whole and decoded by Netty's own multipart decoder, in memory,
 * inside the request's handler chain: whatever is wrong is a 400 saying so, before the page's action starts.
 */
@Provider
@Consumes(MediaType.MULTIPART_FORM_DATA)
public class MultipartBodyReader implements MessageBodyReader<MultipartBody> {

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == MultipartBody.class;
    }

    @Override
    public MultipartBody readFrom(Class<MultipartBody> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        byte[] body = entityStream.readAllBytes();
        String contentType = httpHeaders.getFirst(HttpHeaders.CONTENT_TYPE);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/", Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType == null ? "" : contentType);
        HttpPostRequestDecoder decoder = null;
        try {
            decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), request, StandardCharsets.UTF_8);
            Map<String, String> fields = new LinkedHashMap<>();
            Map<String, String> files = new LinkedHashMap<>();
            for (InterfaceHttpData part : decoder.getBodyHttpDatas()) {
                if (part instanceof FileUpload file) {
                    files.putIfAbsent(file.getName(), file.getString(StandardCharsets.UTF_8));
                } else if (part instanceof Attribute field) {
                    fields.putIfAbsent(field.getName(), field.getValue());
                }
            }
            if (fields.isEmpty() && files.isEmpty() && body.length > 0) {
                throw refused("no part of the body matches the boundary its Content-Type names");
            }
            return new MultipartBody(fields, files);
        } catch (DecoderException | IllegalArgumentException | IOException e) {
            throw refused(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } finally {
            if (decoder != null) {
                decoder.destroy();
            }
            request.release();
        }
    }

    private static WebApplicationException refused(String why) {
        return new WebApplicationException(why, Response.status(400).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                .entity("The form was not a valid multipart body (" + why + "); nothing was done.").build());
    }
}
