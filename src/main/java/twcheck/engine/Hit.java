package twcheck.engine;

/**
 * The first transition found carrying some label: taken from state {@code from}, as the
 * {@code ordinal}-th successor that the generator emitted. {@code length} counts the actions from
 * the initial state up to and including this one; breadth-first order makes it the shortest.
 */
public record Hit(int from, int ordinal, int length) {}
