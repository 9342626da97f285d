package dev.stampede.core.hold;

/** The answer to a release. */
public enum ReleaseResult {
    /** The hold's seats are free again. */
    RELEASED,
    /** No active hold has this id: never granted, already released, confirmed or expired. Nothing changed. */
    NO_SUCH_HOLD,
    /** The hold belongs to someone else. Nothing changed. */
    NOT_HOLDER,
    /** A transient condition; nothing changed, try again later. */
    BUSY
}
