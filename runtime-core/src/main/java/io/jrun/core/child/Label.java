package io.jrun.core.child;

/** A jump target in a {@link ChildProgram}, bound to an instruction index by the builder. */
public final class Label {
    private final String name;
    int position = -1;

    Label(String name) {
        this.name = name;
    }

    public int position() {
        if (position < 0) {
            throw new IllegalStateException("label " + name + " was never bound");
        }
        return position;
    }

    @Override
    public String toString() {
        return name + "@" + position;
    }
}
