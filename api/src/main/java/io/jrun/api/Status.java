package io.jrun.api;

/** A container's status, with the spec's names (runtime.md "State"). */
public enum Status {
    CREATING("creating"), CREATED("created"), RUNNING("running"), PAUSED("paused"), STOPPED("stopped");

    private final String word;

    Status(String word) {
        this.word = word;
    }

    /** The spec's word: "created", "running", ... */
    public String word() {
        return word;
    }

    @Override
    public String toString() {
        return word;
    }
}
