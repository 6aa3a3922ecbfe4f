package dev.foldhub.experiment;

/**
 * Something that uses an experiment and keeps it from being deleted.
 *
 * @param kind "ensemble" or "submission"
 * @param id   its id
 * @param name what people call it (an ensemble's name; "submission #7")
 */
public record ExperimentUser(String kind, long id, String name) {

    /** "ensemble 3 'blend-a'", as a refusal names it. */
    public String describe() {
        return kind + " " + id + " '" + name + "'";
    }
}
