package dev.foldhub.errors;

/** A thing the user named does not exist (shown as a 404). */
public class NotFoundException extends FoldhubException {

    public NotFoundException(String what, Object id) {
        super(null, "Not found", what + " " + id + " not found");
    }
}
