/**
 * The OCI runtime-spec 1.3 documents (config, state, features, process) as immutable records, with
 * their JSON mapping ({@link io.jrun.spec.Json}) and validation ({@link io.jrun.spec.SpecValidator}).
 *
 * <p>Conventions of the model:
 * <ul>
 *   <li>Components carry the spec's JSON names and follow its field order, which is the output order;
 *       only Java keywords are renamed ({@code final} is {@code finalAffinity}, {@code class} is
 *       {@code ioClass}).
 *   <li>An absent optional field is {@code null}; lists and maps have {@code xOrEmpty()} accessors.
 *       Where Go's type is a plain {@code bool}/number with {@code omitempty}, the component is a
 *       primitive that is left out of the output when zero, as runc writes it.
 *   <li>{@code uint64} fields are {@code long} bit patterns ({@link io.jrun.spec.Uint64});
 *       {@code uint32} fields are {@code long}s checked to 0..2^32-1 ({@link io.jrun.spec.Uint32}).
 *   <li>Unknown properties are ignored on reading, as the spec requires.
 *   <li>Each record is read and written field by field by hand-written code ({@code SpecCodec},
 *       {@code ProcessCodec}, {@code LinuxCodec}, {@code ResourcesCodec}, {@code FeaturesCodec}),
 *       without reflection or annotations, because a fresh JVM per command makes start-up time
 *       the latency: a new component needs its line in the codec ({@code ModelTest} guards this).
 * </ul>
 */
package io.jrun.spec;
