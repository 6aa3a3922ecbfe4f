package dev.foldhub.worker;

/** The server could not be reached or answered 5xx: the call may be retried later. */
class ServerUnavailableException extends RuntimeException {

    ServerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
