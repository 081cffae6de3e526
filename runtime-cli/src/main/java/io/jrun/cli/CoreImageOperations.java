package io.jrun.cli;

import io.jrun.api.ContainerRuntime;
import io.jrun.core.host.CallerEnvironment;
import io.jrun.image.Image;
import io.jrun.image.ImageRun;
import io.jrun.image.ImageRunOptions;
import io.jrun.image.ImageStore;
import io.jrun.image.ImportProgress;
import io.jrun.image.Storage;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** The real image store ({@link Storage#fromEnvironment()}) and runtime behind the command line. */
final class CoreImageOperations implements ImageOperations {
    private final Supplier<ContainerRuntime> runtime;
    private ImageStore store;

    CoreImageOperations(Supplier<ContainerRuntime> runtime) {
        this.runtime = runtime;
    }

    private ImageStore store() {
        if (store == null) {
            store = new ImageStore(Storage.fromEnvironment());
        }
        return store;
    }

    @Override
    public Image importImage(String name, Path source, String ref, ImportProgress progress) {
        return store().importImage(name, source, ref, progress);
    }

    @Override
    public List<Image> list() {
        return store().list();
    }

    @Override
    public void remove(List<String> names) {
        store().remove(names);
    }

    @Override
    public ImageRun.Result run(ImageRunOptions options) {
        return new ImageRun(store(), runtime.get(), CallerEnvironment.get()).run(options);
    }
}
