package dev.foldhub.ensemble;

import tools.jackson.databind.json.JsonMapper;

/** The JSON text of post-processing values in the database columns. */
public final class PostprocessJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PostprocessJson() {
    }

    public static String write(Object value) {
        return value == null ? null : JSON.writeValueAsString(value);
    }

    public static PostprocessView view(String json) {
        return json == null ? null : JSON.readValue(json, PostprocessView.class);
    }

    public static PostprocessSpec spec(String json) {
        return json == null ? null : JSON.readValue(json, PostprocessSpec.class);
    }
}
