package dev.foldhub.mlflow;

import dev.foldhub.mlflow.MlflowMessages.KeyValue;
import dev.foldhub.mlflow.MlflowMessages.LogBatch;
import dev.foldhub.mlflow.MlflowMessages.Metric;
import java.util.List;
import java.util.regex.Pattern;

/** MLflow's checks of what is logged (mlflow/utils/validation.py): key names, value lengths, batch sizes. */
final class MlflowLimits {

    static final int MAX_KEY = 250;
    static final int MAX_PARAM_VALUE = 6000;
    static final int MAX_TAG_VALUE = 8000;
    static final int MAX_EXPERIMENT_TAG_VALUE = 5000;
    static final int MAX_METRICS_PER_BATCH = 1000;
    static final int MAX_PARAMS_TAGS_PER_BATCH = 100;
    static final int MAX_ENTITIES_PER_BATCH = 1000;

    /** alphanumerics, underscores, periods, dashes, spaces and slashes, as MLflow allows */
    private static final Pattern KEY = Pattern.compile("[\\w./\\- ]+");

    private MlflowLimits() {
    }

    static String key(String what, String key) {
        if (key == null || key.isEmpty()) {
            throw MlflowException.invalid("Missing value for required parameter 'key' of a " + what + ".");
        }
        if (key.length() > MAX_KEY) {
            throw MlflowException.invalid(what + " key '" + key.substring(0, 20) + "...' had length " + key.length()
                    + ", which exceeded length limit of " + MAX_KEY);
        }
        if (!KEY.matcher(key).matches() || key.contains("..") || key.startsWith("/")) {
            throw MlflowException.invalid("Invalid " + what + " name: '" + key + "'. Names may only contain alphanumerics,"
                    + " underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/).");
        }
        return key;
    }

    static String tagKey(String key) {
        return key("tag", key);
    }

    static String tagValue(String value) {
        return value("tag", value, MAX_TAG_VALUE);
    }

    static String experimentTagValue(String value) {
        return value("experiment tag", value, MAX_EXPERIMENT_TAG_VALUE);
    }

    static String paramValue(String value) {
        return value("param", value, MAX_PARAM_VALUE);
    }

    static Metric metric(Metric m) {
        key("metric", m.key());
        if (m.value() == null) {
            throw MlflowException.invalid("Missing value for required parameter 'value' of metric '" + m.key() + "'.");
        }
        if (m.timestamp() == null) {
            throw MlflowException.invalid("Missing value for required parameter 'timestamp' of metric '" + m.key() + "'.");
        }
        return new Metric(m.key(), m.value(), m.timestamp(), m.step() == null ? 0L : m.step());
    }

    /** MLflow's limits on one log-batch request, checked before anything of it is stored. */
    static void batch(LogBatch b) {
        int metrics = size(b.metrics());
        int params = size(b.params());
        int tags = size(b.tags());
        if (metrics > MAX_METRICS_PER_BATCH) {
            throw MlflowException.invalid("A batch logging request can contain at most " + MAX_METRICS_PER_BATCH
                    + " metrics. Got " + metrics + " metrics. Please split up metrics across multiple requests and try again.");
        }
        if (params > MAX_PARAMS_TAGS_PER_BATCH) {
            throw MlflowException.invalid("A batch logging request can contain at most " + MAX_PARAMS_TAGS_PER_BATCH
                    + " params. Got " + params + " params. Please split up params across multiple requests and try again.");
        }
        if (tags > MAX_PARAMS_TAGS_PER_BATCH) {
            throw MlflowException.invalid("A batch logging request can contain at most " + MAX_PARAMS_TAGS_PER_BATCH
                    + " tags. Got " + tags + " tags. Please split up tags across multiple requests and try again.");
        }
        if (metrics + params + tags > MAX_ENTITIES_PER_BATCH) {
            throw MlflowException.invalid("A batch logging request can contain at most " + MAX_ENTITIES_PER_BATCH
                    + " metrics, params and tags in total. Got " + (metrics + params + tags) + ".");
        }
    }

    static List<KeyValue> orEmpty(List<KeyValue> list) {
        return list == null ? List.of() : list;
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }

    private static String value(String what, String value, int max) {
        String v = value == null ? "" : value;
        if (v.length() > max) {
            throw MlflowException.invalid(what + " value '" + v.substring(0, 20) + "...' had length " + v.length()
                    + ", which exceeded length limit of " + max);
        }
        return v;
    }
}
