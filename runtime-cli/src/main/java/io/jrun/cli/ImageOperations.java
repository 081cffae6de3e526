package io.jrun.cli;

import io.jrun.image.Image;
import io.jrun.image.ImageRun;
import io.jrun.image.ImageRunOptions;
import io.jrun.image.ImportProgress;
import java.nio.file.Path;
import java.util.List;

/** What `image` and the image form of `run` ask of the runtime: an interface, so that tests can record it. */
public interface ImageOperations {
    /** `image import`: {@code ref} picks one image of a source that holds several (null: the only one). */
    Image importImage(String name, Path source, String ref, ImportProgress progress);

    /** `image ls`. */
    List<Image> list();

    /** `image rm`. */
    void remove(List<String> names);

    /** `run [options] IMAGE [COMMAND [ARG...]]`. */
    ImageRun.Result run(ImageRunOptions options);

    /** Opens the image store; {@code runtime} opens the runtime that runs its containers, when one is run. */
    @FunctionalInterface
    interface Factory {
        ImageOperations open(java.util.function.Supplier<io.jrun.api.ContainerRuntime> runtime);
    }
}
