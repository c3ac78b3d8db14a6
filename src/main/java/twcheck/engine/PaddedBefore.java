package twcheck.engine;

/**
 * Two cache lines of padding before the fields of a subclass whose fields one thread writes all
 * the time (a {@link Worker}), so that they never share a line with the end of whatever object
 * precedes them in the heap. The subclass pads its end itself.
 */
abstract class PaddedBefore {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}
