package io.jrun.cli;

import io.jrun.image.Image;
import io.jrun.image.ImageRun;
import io.jrun.image.ImageRunOptions;
import io.jrun.image.ImportProgress;
import java.nio.file.Path;
import java.util.List;

/** The image half of {@link RecordingOperations}: records each call there, answers as told. */
final class RecordingImages implements ImageOperations {
    @FunctionalInterface
    interface Recorder {
        void record(String method, Object... args);
    }

    private final Recorder recorder;
    Image imported = new Image("busybox", "sha256:" + "ab".repeat(32), "2026-01-02T03:04:05Z", "/src", "linux/amd64",
            List.of(new Image.Layer("sha256:" + "cd".repeat(32), 2_150_000)), new Image.Settings(null, List.of("sh"), null, null, null));
    List<Image> images = List.of();
    ImageRun.Result result = new ImageRun.Result("busybox-1234", 0);

    RecordingImages(Recorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public Image importImage(String name, Path source, String ref, ImportProgress progress) {
        recorder.record("image import", name, source, ref);
        return imported;
    }

    @Override
    public List<Image> list() {
        recorder.record("image ls");
        return images;
    }

    @Override
    public void remove(List<String> names) {
        recorder.record("image rm", names);
    }

    @Override
    public ImageRun.Result run(ImageRunOptions options) {
        recorder.record("image run", options);
        return result;
    }
}
