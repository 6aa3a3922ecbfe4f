package dev.foldhub.worker;

/**
 * The server refused a worker's call with a 4xx that is not lease loss (a config that no longer parses, a report it
 * will not store, a completion without the fold's result): retrying cannot help, the job fails with this message,
 * which carries the server's own (the ProblemDetail's detail).
 */
class RequestRejectedException extends RuntimeException {

    RequestRejectedException(String message) {
        super(message);
    }
}
