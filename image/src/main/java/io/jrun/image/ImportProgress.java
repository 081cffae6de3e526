package io.jrun.image;

/** What an import tells as it goes, for a progress display. */
public interface ImportProgress {
    /**
     * Layer {@code index} (from 1) of {@code count} is being read.
     *
     * @param size its size in the source when known, else -1
     */
    void layer(int index, int count, String what, long size);

    /** So many bytes of the current layer have been read. */
    void read(long bytes);

    /** Layer {@code index} of {@code count} is in the store already: not read again. */
    void reused(int index, int count, String what);

    /** The import is over (done or failed). */
    void end();

    ImportProgress NONE = new ImportProgress() {
        @Override
        public void layer(int index, int count, String what, long size) {}

        @Override
        public void read(long bytes) {}

        @Override
        public void reused(int index, int count, String what) {}

        @Override
        public void end() {}
    };
}
