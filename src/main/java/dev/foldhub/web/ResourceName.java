package dev.foldhub.web;

import dev.foldhub.errors.InvalidInputException;
import java.util.regex.Pattern;

/**
 * The names users give experiments and ensembles: they end up in file names (level1_train_&lt;name&gt;_...,
 * &lt;name&gt;_val_..yml), so only letters, digits, '.', '_' and '-' are allowed.
 */
public final class ResourceName {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private ResourceName() {
    }

    /** The name itself, or a 400 naming the field "name". */
    public static String check(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("name", "must be 1-200 characters of letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
        return name;
    }
}
