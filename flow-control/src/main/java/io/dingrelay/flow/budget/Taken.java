package io.dingrelay.flow.budget;

/**
 * What one round trip to a {@link BucketStore} took.
 *
 * @param tokens      tokens consumed (0 when the bucket was empty)
 * @param nanosToWait when {@code tokens} is 0: until the next token is refilled ({@code Long.MAX_VALUE}: never, a
 *                    monthly quota used up)
 */
public record Taken(long tokens, long nanosToWait) {
}
