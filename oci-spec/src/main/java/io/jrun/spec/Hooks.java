package io.jrun.spec;

import java.util.List;

/**
 * {@code hooks}, by lifecycle point. {@code prestart} is deprecated by the spec but still used by
 * engines, so it is kept.
 */
public record Hooks(
        List<Hook> prestart,
        List<Hook> createRuntime,
        List<Hook> createContainer,
        List<Hook> startContainer,
        List<Hook> poststart,
        List<Hook> poststop) {

    /** The JSON names of the hook lists, in spec order. */
    public static final List<String> NAMES = List.of(
            "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop");

    public Hooks {
        prestart = Copies.list(prestart);
        createRuntime = Copies.list(createRuntime);
        createContainer = Copies.list(createContainer);
        startContainer = Copies.list(startContainer);
        poststart = Copies.list(poststart);
        poststop = Copies.list(poststop);
    }

    /** The hooks of the list whose JSON name is {@code name} (one of {@link #NAMES}), or empty. */
    public List<Hook> byName(String name) {
        List<Hook> hooks = switch (name) {
            case "prestart" -> prestart;
            case "createRuntime" -> createRuntime;
            case "createContainer" -> createContainer;
            case "startContainer" -> startContainer;
            case "poststart" -> poststart;
            case "poststop" -> poststop;
            default -> throw new IllegalArgumentException("unknown hook list: " + name);
        };
        return Copies.orEmpty(hooks);
    }

    public List<Hook> prestartOrEmpty() {
        return Copies.orEmpty(prestart);
    }

    public List<Hook> createRuntimeOrEmpty() {
        return Copies.orEmpty(createRuntime);
    }

    public List<Hook> createContainerOrEmpty() {
        return Copies.orEmpty(createContainer);
    }

    public List<Hook> startContainerOrEmpty() {
        return Copies.orEmpty(startContainer);
    }

    public List<Hook> poststartOrEmpty() {
        return Copies.orEmpty(poststart);
    }

    public List<Hook> poststopOrEmpty() {
        return Copies.orEmpty(poststop);
    }
}
